"""Stage 5: numbers tied to what they measure, as facts and observations.

Takes a document's mentions, text and marks and the FactRules; gives `Fact`s: subject, period
and owner as written (`facts`), then the observation fields: measure, direction, base and
modality (`measure`), period dates (`periods`), region (`regions`, `list_units`) and indicator
(`indicator`).
"""
