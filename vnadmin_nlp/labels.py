"""The one place where entity and paragraph labels are defined."""

#: Core entity labels (guidelines section 1).
CORE_ENTITY_LABELS = ("DOC_NUMBER", "DATE", "ORG")
#: Optional entity labels, scored separately.
EXTRA_ENTITY_LABELS = ("LOC", "PERSON")
ENTITY_LABELS = CORE_ENTITY_LABELS + EXTRA_ENTITY_LABELS

#: Paragraph labels (guidelines section 2).
PARAGRAPH_LABELS = ("result", "limitation", "cause", "task", "assignment", "other")

#: Labels produced by rules (exact) rather than by trained models.
RULE_ENTITY_LABELS = ("DOC_NUMBER", "DATE")
