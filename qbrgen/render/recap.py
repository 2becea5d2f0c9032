"""The written recap as an email: Markdown, HTML (inline styles, as mail clients need) and an .eml draft.

The recap's document tree has untitled parts (the greeting, the signature) that read as plain paragraphs, and
titled parts that read as short sections; tables are the only other block. The .eml is an unsent draft
(``X-Unsent: 1``): opened in a mail client, it is ready to check and send.
"""

from __future__ import annotations

import hashlib
import html
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import formataddr

from qbrgen import i18n
from qbrgen.sections.document import Bullets, Document, Paragraph, Table

FONT = "Calibri, Carlito, Arial, sans-serif"


def markdown(document: Document) -> str:
    out = [f"**{document.title}**", "", f"_{document.subtitle}_", ""]
    for part in document.parts:
        if part.title:
            out += [f"## {part.title}", ""]
        for block in part.blocks:
            if isinstance(block, Paragraph):
                text = block.text.replace("\n", "  \n")  # a line break inside the paragraph (the sign-off)
                out += [f"_{text}_" if block.style == "muted" else text, ""]
            elif isinstance(block, Bullets):
                out += [f"- {t}" for t in block.items] + [""]
            elif isinstance(block, Table):
                esc = [[c.replace("|", "\\|") for c in row] for row in (block.columns, *block.rows)]
                out += ["| " + " | ".join(esc[0]) + " |", "|" + "|".join("---" for _ in block.columns) + "|"]
                out += ["| " + " | ".join(row) + " |" for row in esc[1:]] + [""]
    return "\n".join(out).rstrip() + "\n"


def html_text(document: Document, primary: str = "#1F3A5F") -> str:
    e = html.escape
    body = [f'<p style="margin:0 0 4px;font-size:18px;font-weight:bold;color:{primary}">{e(document.title)}</p>',
            f'<p style="margin:0 0 18px;color:#5A6270">{e(document.subtitle)}</p>']
    for part in document.parts:
        if part.title:
            body.append(f'<h2 style="margin:20px 0 8px;font-size:15px;color:{primary}">{e(part.title)}</h2>')
        if part.subtitle:  # a notice's sender and date
            body.append(f'<p style="margin:0 0 12px;color:#5A6270">{e(part.subtitle)}</p>')
        for block in part.blocks:
            if isinstance(block, Paragraph):
                color = "#5A6270" if block.style == "muted" else "#1B1F24"
                text = "<br>".join(e(line) for line in block.text.split("\n"))
                body.append(f'<p style="margin:0 0 10px;color:{color}">{text}</p>')
            elif isinstance(block, Bullets):
                body.append("<ul>" + "".join(f"<li>{e(t)}</li>" for t in block.items) + "</ul>")
            elif isinstance(block, Table):
                # the first column (a goal, a step) wraps; names, dates and states stay on one line
                cell = "padding:6px 10px;border-bottom:1px solid #D9DEE5;text-align:left;vertical-align:top"
                keep = [cell if i == len(block.columns) - 1 and len(block.columns) == 2 or i == 0
                        else cell + ";white-space:nowrap" for i in range(len(block.columns))]
                keep = [k + (";text-align:right" if i < len(block.align) and block.align[i] == "right" else "")
                        for i, k in enumerate(keep)]  # amounts line up on the right, as in the PDF
                first = ";width:38%" if len(block.columns) > 2 else ""
                head = "".join(f'<th style="{cell};background:#F2F4F7;color:{primary}{first if i == 0 else ""}">'
                               f'{e(c)}</th>' for i, c in enumerate(block.columns))
                rows = "".join("<tr>" + "".join(f'<td style="{keep[i]}">{e(c)}</td>' for i, c in enumerate(row))
                               + "</tr>" for row in block.rows)
                body.append(f'<table role="presentation" style="border-collapse:collapse;margin:0 0 12px;'
                            f'font-size:13px;width:100%"><tr>{head}</tr>{rows}</table>')
    inner = "\n".join(body)
    lang = "en" if i18n.current() == i18n.SOURCE else i18n.document_tag(document.meta_value("locale", "en_US"))
    return (f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8"><title>{e(document.title)}</title>'
            f'</head>\n<body style="margin:0;padding:24px;font-family:{FONT};font-size:14px;line-height:1.45;'
            f'color:#1B1F24;max-width:720px">\n{inner}\n</body></html>\n')


def eml(document: Document, sender: tuple[str, str | None], to: list[tuple[str, str]], text: str, html_body: str,
        date: str) -> bytes:
    """Return an unsent draft: From the account manager, To the attendees with an email, both bodies."""
    msg = EmailMessage(policy=SMTP)
    msg["Subject"] = document.title
    name, address = sender
    msg["From"] = formataddr((name, address)) if address else name
    if to:
        msg["To"] = ", ".join(formataddr(pair) for pair in to)
    msg["Date"] = date
    msg["X-Unsent"] = "1"
    msg.set_content(text)
    msg.add_alternative(html_body, subtype="html")
    digest = hashlib.sha256((text + html_body).encode("utf-8")).hexdigest()[:32]
    msg.set_boundary(f"qbrgen-{digest}")  # the same draft from the same account, byte for byte
    return bytes(msg)
