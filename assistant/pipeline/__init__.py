"""The turn: small named stages over one TurnContext, run in order until one ends the turn."""
