"""Real HTML, DOCX and PDF files made from a text, for the format tests and bench/formats.py.

The HTML pages are shaped like Chinese government portals and news sites: navigation menus,
breadcrumbs, a related-articles list, share buttons, scripts and a footer, all carrying
numbers and names that must NOT reach the extracted text. The PDFs use reportlab's built-in
CID font STSong-Light (no font file needed), wrapped at the page width like a real report.
"""

from __future__ import annotations

import html
import io
from pathlib import Path
from typing import Optional, Sequence

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpus" / "000_08e7a5d6346f8cff.txt"

# Text that sits around the article on a portal page: each carries numbers or names that would
# be false mentions if the boilerplate leaked into the text.
NAV_ITEMS = ["首页", "政务公开", "新闻中心", "政策文件", "统计数据", "办事服务", "互动交流", "专题专栏"]
RELATED = [
    "2023年全区规上工业增加值增长8.5%",
    "区工信局召开2024年安全生产工作会议",
    "武清区新增国家级专精特新小巨人企业12家",
    "天津市2022年国民经济和社会发展统计公报",
]
FOOTER = ("主办单位：天津市武清区人民政府办公室　承办单位：武清区政务服务中心　"
          "联系电话：022-82192345　网站标识码：1200000053　津ICP备05004521号-1　"
          "津公网安备12011402000123号　访问量：3658294次")
BOILERPLATE_MARKERS = ["8.5%", "12家", "1200000053", "3658294", "政务服务中心", "专精特新小巨人", "分享到", "打印本页"]


def seed_paragraphs(path: Path = SEED) -> list[str]:
    """The non-empty lines of a text file: its paragraphs."""
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _table_html(rows: Sequence[Sequence[str]]) -> str:
    cells = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f'<table border="1" cellspacing="0">{cells}</table>'


def portal_html(paragraphs: Sequence[str], template: int = 0, encoding: str = "gbk",
                title: str = "武清“十三五”发展成就巡礼", table: Optional[Sequence[Sequence[str]]] = None) -> bytes:
    """A portal-shaped page in `encoding`, the charset declared in a <meta> (three layouts)."""
    body = "\n".join(f"<p style=\"text-indent:2em\">{html.escape(p)}</p>" for p in paragraphs)
    if table:
        body += "\n" + _table_html(table)
    nav = "".join(f'<li><a href="/{i}/">{name}</a></li>' for i, name in enumerate(NAV_ITEMS))
    related = "".join(f'<li><a href="/art/{i}.html">{html.escape(t)}</a><span>2024-0{i + 1}-1{i}</span></li>'
                      for i, t in enumerate(RELATED))
    scripts = ('<script type="text/javascript">var _hmt = _hmt || []; var visits = 3658294;'
               'document.write("访问量：" + visits);</script><style>.nav li{float:left;width:120px}</style>')
    share = '<div class="share">分享到：<a>微信</a><a>微博</a><a>QQ空间</a> <a href="javascript:window.print()">打印本页</a> <a>关闭窗口</a></div>'
    charset = encoding if encoding.lower() != "gb18030" else "gb18030"
    if template == 0:  # gov portal: header, nav, breadcrumb, TRS_Editor article, sidebar, footer
        meta = f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">'
        page = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN">
<html><head>{meta}<title>{html.escape(title)}_天津市武清区人民政府</title>{scripts}</head><body>
<div class="header"><img src="/logo.png" alt="天津市武清区人民政府"><div class="search"><input type="text" value="请输入关键字"><button>搜索</button></div></div>
<div class="nav"><ul>{nav}</ul></div>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="/tjsj/">统计数据</a></div>
<div class="main"><div class="left">
<h1 class="title">{html.escape(title)}</h1>
<div class="info">发布时间：2021-01-15 09:30　来源：武清区工信局　浏览次数：1527　字号：[大 中 小]</div>
<div class="TRS_Editor">{body}</div>
{share}
<div class="pagebtn">上一篇：<a href="/art/9.html">武清区召开2021年经济工作会议</a> 下一篇：<a href="/art/11.html">全区16个重点项目集中开工</a></div>
</div>
<div class="right"><h3>相关文章</h3><ul>{related}</ul></div></div>
<div class="footer"><p>{FOOTER}</p></div>
</body></html>"""
    elif template == 1:  # news site: HTML5 article, aside with hot list, footer with links
        meta = f'<meta charset="{charset}">'
        page = f"""<!doctype html><html lang="zh-CN"><head>{meta}<title>{html.escape(title)}-新闻频道</title>{scripts}</head>
<body><header><nav><a href="/">新闻首页</a> | <a>国内</a> | <a>财经</a> | <a>地方</a> | <a>图片</a> | <a>视频</a></nav></header>
<div class="crumbs"><a>首页</a> &gt; <a>地方</a> &gt; 正文</div>
<main><article><h1>{html.escape(title)}</h1><p class="meta">2021年01月15日 09:30　来源：北方网　编辑：李明</p>
{body}
<p class="editor">【责任编辑：王芳】</p></article>
{share}
<aside><h2>热点推荐</h2><ol>{related}</ol></aside></main>
<footer><p><a>关于我们</a> | <a>联系我们</a> | <a>广告服务</a> | <a>招聘信息</a></p><p>{FOOTER}</p></footer></body></html>"""
    else:  # old table layout, charset declared late in the head after a long script
        meta = f'<META http-equiv=Content-Type content="text/html; charset={charset}">'
        page = f"""<HTML><HEAD>{scripts}{meta}<TITLE>{html.escape(title)}</TITLE></HEAD><BODY>
<TABLE width="1000" align="center"><TR><TD class="nav">{" | ".join(NAV_ITEMS)}</TD></TR>
<TR><TD>您现在的位置：首页 &gt;&gt; 政务公开 &gt;&gt; 工作动态</TD></TR></TABLE>
<TABLE width="1000" align="center"><TR><TD width="720" valign="top">
<DIV align="center"><B>{html.escape(title)}</B></DIV><DIV>日期：2021-01-15　点击：1527</DIV>
<DIV id="zoom">{body}</DIV>{share}</TD>
<TD width="280" valign="top"><B>相关链接</B><UL>{related}</UL></TD></TR></TABLE>
<TABLE width="1000" align="center"><TR><TD class="footer">{FOOTER}</TD></TR></TABLE></BODY></HTML>"""
    return page.encode(encoding)


def docx_bytes(paragraphs: Sequence[str], table: Optional[Sequence[Sequence[str]]] = None,
               table_after: int = 0) -> bytes:
    """A Word document: the paragraphs, with a table (first row a header) after paragraph
    `table_after` and a header/footer that are not body text."""
    import docx

    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "武清区工业和信息化局　内部资料"
    document.sections[0].footer.paragraphs[0].text = "第1页 共3页"
    for index, paragraph in enumerate(paragraphs):
        document.add_paragraph(paragraph)
        if table and index == table_after:
            grid = document.add_table(rows=len(table), cols=len(table[0]))
            for row, values in zip(grid.rows, table):
                for cell, value in zip(row.cells, values):
                    cell.text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def pdf_bytes(paragraphs: Sequence[str], font_size: float = 11, encrypt: Optional[str] = None) -> bytes:
    """A PDF whose text is wrapped at the page width (CJK wrapping, so names and numbers break
    across lines), first-line indent of two characters, page numbers in the footer."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("body", fontName="STSong-Light", fontSize=font_size, leading=font_size * 1.6,
                           firstLineIndent=font_size * 2, wordWrap="CJK", spaceAfter=font_size * 0.5)

    def footer(canvas, document) -> None:
        canvas.setFont("STSong-Light", 9)
        canvas.drawCentredString(A4[0] / 2, 1.2 * cm, f"- {document.page} -")

    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=2.5 * cm, rightMargin=2.5 * cm,
                                 topMargin=2.5 * cm, bottomMargin=2.5 * cm, encrypt=encrypt,
                                 title="report", author="extractor tests")
    story = [Paragraph(html.escape(p), style) for p in paragraphs]
    document.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()


def scanned_pdf_bytes(pages: int = 2) -> bytes:
    """A PDF whose pages hold only drawings (as a scan holds only images): no text layer."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    drawing = canvas.Canvas(buffer, pagesize=A4)
    for page in range(pages):
        for line in range(30):
            drawing.rect(70, 760 - line * 22, 450 - (line * 37 + page * 11) % 120, 9, fill=1, stroke=0)
        drawing.showPage()
    drawing.save()
    return buffer.getvalue()
