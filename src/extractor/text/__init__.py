"""Stage 2: text prepared for matching, offsets kept.

Takes a document's text; gives its folded form (same length: full-width to half-width, 億 to
亿, markup blanked), jieba segmentation and sentence starts (`segment`), and an index of its
punctuation and cut words (`marks`) that later stages look up by bisect.
"""
