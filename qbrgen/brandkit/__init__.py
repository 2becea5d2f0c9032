"""What a team's template may bring, judged before any Office library opens it: safety, usability, fonts.

Takes a template or image file; hands on whether it is safe (``safety``: zip bombs, DTDs, external links,
macros), whether qbrgen can use it (``usable``), and what qbrgen knows of its fonts (``fonts``). Used by
validation (``account.checks``) and by the renderers alike, so both judge a template the same way.

Never imports python-pptx, python-docx or WeasyPrint, nor any other qbrgen stage but ``errors``.
"""
