"""From free text to DealFacts, and the questions that gather what is missing."""
