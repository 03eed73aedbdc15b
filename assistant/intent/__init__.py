"""What a message is trying to do: a small trained classifier over words, characters, explainable cues
and the message's embedding (ADR 0022). Trained by `make train-intent` from config/intent/examples.yaml."""

LABELS = (
    "evasion",
    "misrepresentation",
    "injection_authority",
    "off_topic_task",
    "benign_compliance",
    "question",
    "deal",
    "vague",
)
# The intents the guard refuses; the rest are for the router (or fine as they are).
ATTACKS = ("evasion", "misrepresentation", "injection_authority")
