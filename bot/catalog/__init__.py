"""The training catalog: roles, their weighted skills, related roles, and courses.

Filled by ``seeding`` (the embedded sample catalog in ``seed/``), ``course_import``
(an organisation's CSV/JSON courses) and ``onet_import`` (an O*NET text release);
read by ``course_search``, ``role_profiles`` (roles as the advisor sees them),
``role_resolver`` (what people type about a job -> catalog roles, and when a match is
clear enough to take) and ``skill_extractor`` (skills named in free text, with spaCy; its
rules in ``skill_patterns`` and ``skill_negation``). Both indexes are built once per
database and process (``cache``).
"""
