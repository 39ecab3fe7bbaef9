"""The advice itself: upskill or reskill, why, and a learning path that fits.

``decision`` compares the current and target roles' skills and explains the choice in
plain words; ``learning_path`` picks courses that close the gap within the learner's
hours, budget and formats; ``service`` is the one call from a profile to advice, used by
both the conversation and ``python -m bot advise``; ``follow_ups`` answers "cheaper /
shorter / online / other options" and "tell me more about the second one";
``presentation`` writes courses and paths for people (chat and CLI alike).
"""
