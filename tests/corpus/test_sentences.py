from assistant.corpus.sentences import split_sentences


def test_abbreviations_codes_and_numbers_do_not_end_sentences():
    text = (
        "The U.S. Munitions List is separate. See Supp. No. 1 to part 740. Nvidia's H100 (e.g. SXM) is "
        "3A090.a under 15 C.F.R. part 774. P.L. 116-94 ran to Dec. 31, 2026. The rate was 5.23% then."
    )
    assert split_sentences(text) == [
        "The U.S. Munitions List is separate.",
        "See Supp. No. 1 to part 740.",
        "Nvidia's H100 (e.g. SXM) is 3A090.a under 15 C.F.R. part 774.",
        "P.L. 116-94 ran to Dec. 31, 2026.",
        "The rate was 5.23% then.",
    ]


def test_bullets_and_table_rows_become_sentences_of_their_own():
    text = "Intro line.\n\n- First bullet.\n- Second bullet\n\n| Term | Meaning |\n|---|---|\n| CIRR | a rate |\n"
    assert split_sentences(text) == [
        "Intro line.",
        "First bullet.",
        "Second bullet",
        "Term: CIRR; Meaning: a rate.",
    ]


def test_markdown_emphasis_and_links_are_removed():
    assert split_sentences("**EXIM** decides; see [the page](https://exim.gov) and `3A090`.") == [
        "EXIM decides; see the page and 3A090."
    ]
