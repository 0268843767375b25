"""Stage 4: organization and project mentions.

Takes folded text, its clauses and the RuleSet's name rules; gives org and project `Mention`s:
candidates proposed by the recognizers (one kind a module), overlaps resolved and neighbours
joined (`joins`), kept or dropped on the document's evidence (`entities`, `evidence`), and short
forms linked to their full names across the document (`link`).
"""
