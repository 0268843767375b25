"""Stage 3: number and ratio mentions.

Takes folded text and the RuleSet; gives candidate spans of the number, ratio and exclusion
rules (`match`), Chinese and Arabic numerals read (`numerals`), and `Mention`s with exact
Decimal values, units and qualifiers (`values`).
"""
