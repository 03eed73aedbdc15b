import pytest

from assistant.retrieval.fusion import reciprocal_rank_fusion


def test_items_ranked_by_both_lists_beat_items_ranked_by_one() -> None:
    fused = reciprocal_rank_fusion([(["a", "b", "c"], 1.0), (["b", "d"], 1.0)], k=60)
    assert max(fused, key=fused.__getitem__) == "b"
    assert fused["a"] == pytest.approx(1 / 61)
    assert fused["b"] == pytest.approx(1 / 62 + 1 / 61)


def test_weights_scale_each_ranking_and_k_must_be_positive() -> None:
    fused = reciprocal_rank_fusion([(["a"], 2.0), (["b"], 1.0)], k=10)
    assert fused["a"] == pytest.approx(2 / 11)
    with pytest.raises(ValueError):
        reciprocal_rank_fusion([], k=0)
