"""Statistics tables made into real files (HTML, GBK HTML, DOCX, tab-separated .txt) for the
table tests and bench/tables.py, with the observations each numeric cell should give, written
by hand from the published table (the gold).

The figures are those of public statistics releases (each table names its source); the page
furniture around them is made up. A table is rows of cells; a cell is its text, or
(text, rowspan, colspan) when it is merged.
"""

from __future__ import annotations

import html
import io
from dataclasses import dataclass, field
from typing import Iterator, Optional, Sequence, Union

Cell = Union[str, tuple]  # "text" or ("text", rowspan, colspan)
YI = 10**8  # 亿


@dataclass(frozen=True)
class Gold:
    """What one numeric cell should come out as (SPEC "Tables"); the key is the row label and
    the column label as the test's reader joins them (header levels joined by a space)."""

    row_label: str
    column_label: str
    indicator: str
    value: float
    unit: Optional[str]
    measure: str
    direction: Optional[str]
    period_start: str
    period_end: str


@dataclass(frozen=True)
class TableDocument:
    name: str
    source: str
    title: str
    rows: Sequence[Sequence[Cell]]
    gold: Sequence[Gold]
    region: Optional[str] = None
    before: Sequence[str] = field(default_factory=tuple)  # paragraphs before the table


def _level(row, column, indicator, value, unit, start, end):
    return Gold(row, column, indicator, value, unit, "level", None, start, end)


def _growth(row, column, indicator, value, start, end):
    return Gold(row, column, indicator, abs(value), "%", "growth", "down" if value < 0 else "up", start, end)


# --- 1. National monthly release: two header rows, merged cells, unit in the column header ---------
# Source: 国家统计局, 2024年8月份社会消费品零售总额主要数据 (released 2024-09-14).
NBS_RETAIL_ROWS = [
    [("指 标", 2, 1), ("8月", 1, 2), ("1—8月", 1, 2)],
    ["绝对量（亿元）", "同比增长（%）", "绝对量（亿元）", "同比增长（%）"],
    ["社会消费品零售总额", "38726", "2.1", "312452", "3.4"],
    ["其中：除汽车以外的消费品零售额", "34783", "3.3", "281772", "3.9"],
    ["其中：限额以上单位消费品零售额", "14926", "-0.6", "120304", "2.3"],
    ["其中：实物商品网上零售额", "-", "-", "80143", "8.1"],
    [("按经营地分", 1, 5)],
    ["城镇", "33575", "1.8", "270825", "3.2"],
    ["乡村", "5151", "3.9", "41627", "4.4"],
    [("按消费类型分", 1, 5)],
    ["餐饮收入", "4351", "3.3", "34998", "6.6"],
]


def _nbs_gold() -> list[Gold]:
    month, ytd = ("2024-08-01", "2024-08-31"), ("2024-01-01", "2024-08-31")
    rows = [("社会消费品零售总额", "社会消费品零售总额", 38726, 2.1, 312452, 3.4),
            ("其中：除汽车以外的消费品零售额", "除汽车以外的消费品零售额", 34783, 3.3, 281772, 3.9),
            ("其中：限额以上单位消费品零售额", "限额以上单位消费品零售额", 14926, -0.6, 120304, 2.3),
            ("其中：实物商品网上零售额", "实物商品网上零售额", None, None, 80143, 8.1),
            ("城镇", "城镇", 33575, 1.8, 270825, 3.2),
            ("乡村", "乡村", 5151, 3.9, 41627, 4.4),
            ("餐饮收入", "餐饮收入", 4351, 3.3, 34998, 6.6)]
    gold = []
    for label, indicator, level, growth, ytd_level, ytd_growth in rows:
        if level is not None:
            gold.append(_level(label, "8月 绝对量（亿元）", indicator, level * YI, "CNY", *month))
            gold.append(_growth(label, "8月 同比增长（%）", indicator, growth, *month))
        gold.append(_level(label, "1—8月 绝对量（亿元）", indicator, ytd_level * YI, "CNY", *ytd))
        gold.append(_growth(label, "1—8月 同比增长（%）", indicator, ytd_growth, *ytd))
    return gold


NBS_RETAIL = TableDocument(
    "nbs_retail_2024_08", "国家统计局 2024年8月份社会消费品零售总额主要数据（2024-09-14 发布）",
    "2024年8月份社会消费品零售总额增长2.1%", NBS_RETAIL_ROWS, _nbs_gold(),
    before=("2024年8月份社会消费品零售总额主要数据",))


# --- 2. A city's monthly table: unit in the row label, 本月 / 1-本月, negative growth, # rows -------
# Source: 上海市统计局, 2024年8月社会消费品零售总额 (published 2024-09-18). A .txt of tab-separated columns.
SH_RETAIL_ROWS = [
    ["指标", "本月", "比去年同月增长(%)", "1-本月", "比去年同期增长(%)"],
    ["社会消费品零售总额(亿元)", "1374.53", "-6.8", "11889.17", "-3.3"],
    ["# 批发零售业", "1256.11", "-6.7", "10930.23", "-3.1"],
    ["住宿餐饮业", "118.42", "-7.9", "958.94", "-4.7"],
    ["# 吃的商品", "307.42", "1.9", "2486.91", "1.8"],
    ["穿的商品", "297.07", "-3.3", "2848.46", "-1.4"],
    ["用的商品", "724.04", "-11.2", "6194.59", "-5.9"],
    ["烧的商品", "46.01", "-9.7", "359.21", "-5.6"],
]


def _sh_gold() -> list[Gold]:
    month, ytd = ("2024-08-01", "2024-08-31"), ("2024-01-01", "2024-08-31")
    gold = []
    for label, level, growth, ytd_level, ytd_growth in SH_RETAIL_ROWS[1:]:
        indicator = label.replace("(亿元)", "").lstrip("# ")
        # The 亿元 of the first row's label is the unit of the rows under it (its parts).
        gold.append(_level(label, "本月", indicator, round(float(level) * YI), "CNY", *month))
        gold.append(_growth(label, "比去年同月增长(%)", indicator, float(growth), *month))
        gold.append(_level(label, "1-本月", indicator, round(float(ytd_level) * YI), "CNY", *ytd))
        gold.append(_growth(label, "比去年同期增长(%)", indicator, float(ytd_growth), *ytd))
    return gold


SH_RETAIL = TableDocument(
    "shanghai_retail_2024_08", "上海市统计局 2024年8月社会消费品零售总额（2024-09-18 发布）",
    "上海市2024年8月社会消费品零售总额", SH_RETAIL_ROWS, _sh_gold(), region="上海市")


# --- 3. A county's 主要经济指标: unit column, ordinal labels, 其中 rows, empty and — cells ------------
# Source: 重庆市涪陵区统计局, 2025年前三季度涪陵区经济运行情况 (published 2025-11-03); the
# district publishes the same figures as prose, set here in its usual 主要经济指标 table.
FULING_ROWS = [
    ["指标名称", "单位", "1-9月", "同比增长（%）"],
    ["一、地区生产总值", ("亿元", 4, 1), "1291.92", "6.2"],
    ["其中：第一产业增加值", "72.61", "3.8"],
    ["第二产业增加值", "730.64", "7.2"],
    ["第三产业增加值", "488.68", "4.8"],
    ["二、规模以上工业增加值", "亿元", "—", "8.1"],
    ["三、固定资产投资", "亿元", "…", "8.2"],
    ["其中：工业投资", "亿元", "", "10.1"],
    ["房地产开发投资", "亿元", "-", "-9.7"],
    ["四、社会消费品零售总额", "亿元", "440.96", "4.1"],
    ["五、一般公共预算收入", "亿元", "70.11", "-19.4"],
    ["其中：税收收入", "亿元", "39.43", "-8.0"],
    ["六、一般公共预算支出", "亿元", "100.22", "-29.3"],
    ["七、居民人均可支配收入", "元", "36591", "4.6"],
    ["（一）城镇常住居民人均可支配收入", "元", "42689", "4.4"],
    ["（二）农村常住居民人均可支配收入", "元", "18982", "5.1"],
]


def _fuling_gold() -> list[Gold]:
    span = ("2025-01-01", "2025-09-30")
    rows = [("一、地区生产总值", "地区生产总值", 1291.92, "CNY", 6.2),
            ("其中：第一产业增加值", "第一产业增加值", 72.61, "CNY", 3.8),
            ("第二产业增加值", "第二产业增加值", 730.64, "CNY", 7.2),
            ("第三产业增加值", "第三产业增加值", 488.68, "CNY", 4.8),
            ("二、规模以上工业增加值", "规模以上工业增加值", None, None, 8.1),
            ("三、固定资产投资", "固定资产投资", None, None, 8.2),
            ("其中：工业投资", "工业投资", None, None, 10.1),
            ("房地产开发投资", "房地产开发投资", None, None, -9.7),
            ("四、社会消费品零售总额", "社会消费品零售总额", 440.96, "CNY", 4.1),
            ("五、一般公共预算收入", "一般公共预算收入", 70.11, "CNY", -19.4),
            ("其中：税收收入", "税收收入", 39.43, "CNY", -8.0),
            ("六、一般公共预算支出", "一般公共预算支出", 100.22, "CNY", -29.3),
            ("七、居民人均可支配收入", "居民人均可支配收入", 36591, "CNY", 4.6),
            ("（一）城镇常住居民人均可支配收入", "城镇常住居民人均可支配收入", 42689, "CNY", 4.4),
            ("（二）农村常住居民人均可支配收入", "农村常住居民人均可支配收入", 18982, "CNY", 5.1)]
    gold = []
    for label, indicator, level, unit, growth in rows:
        if level is not None:
            scale = YI if level < 10000 else 1  # 亿元 rows; the 元 rows are per person
            gold.append(_level(label, "1-9月", indicator, round(level * scale), unit, *span))
        gold.append(_growth(label, "同比增长（%）", indicator, growth, *span))
    return gold


FULING = TableDocument(
    "fuling_2025_q3", "重庆市涪陵区统计局 2025年前三季度涪陵区经济运行情况（2025-11-03 发布）",
    "2025年1-9月涪陵区主要经济指标", FULING_ROWS, _fuling_gold(), region="涪陵区")

TABLE_DOCUMENTS = (NBS_RETAIL, SH_RETAIL, FULING)


# --- Held out: tables added after the rules were written, measured before any change for them ------

# Source: 上海市统计局, 2022年上半年上海市生产总值 (published 2022-07-19): a header whose label cell is
# empty, the period only in the caption, section rows, # rows, mostly negative growth.
SH_GDP_ROWS = [
    ["", "总量(亿元)", "比上年同期增长(%)"], ["地区生产总值", "19349.31", "-5.7"], ["按产业分", "", ""],
    ["第一产业", "34.52", "1.7"], ["第二产业", "4452.78", "-13.7"], ["第三产业", "14862.01", "-3.1"],
    ["按行业分", "", ""], ["# 工业", "4217.11", "-13.3"], ["建筑业", "261.97", "-20.7"], ["批发和零售业", "2187.82", "-12.5"],
    ["交通运输、仓储和邮政业", "697.17", "-11.0"], ["住宿和餐饮业", "128.78", "-26.6"],
    ["信息传输、软件和信息技术服务业", "1819.13", "5.3"], ["金融业", "4125.33", "6.1"], ["房地产业", "1662.30", "-10.0"],
    ["租赁和商务服务业", "1273.20", "-7.0"],
]


def _sh_gdp_gold() -> list[Gold]:
    half = ("2022-01-01", "2022-06-30")
    gold = []
    for label, level, growth in SH_GDP_ROWS[1:]:
        if level:
            indicator = label.lstrip("# ")
            gold.append(_level(label, "总量(亿元)", indicator, round(float(level) * YI), "CNY", *half))
            gold.append(_growth(label, "比上年同期增长(%)", indicator, float(growth), *half))
    return gold


SH_GDP = TableDocument(
    "shanghai_gdp_2022_h1", "上海市统计局 2022年上半年上海市生产总值（2022-07-19 发布）", "2022年上半年上海市生产总值",
    SH_GDP_ROWS, _sh_gdp_gold(), region="上海市", before=("上海市生产总值", "2022年上半年"))

# Source: 国家统计局, 2013年国民经济和社会发展统计公报 (2014-02-24): its 主要农产品产量 figures in the
# communique's table shape, unit 万吨 in the column header, the year in the table's caption.
NBS_FARM_ROWS = [
    ["产品名称", "产量（万吨）", "比上年增长（%）"], ["粮食", "60194", "2.1"], ["其中：夏粮", "13189", "1.5"],
    ["早稻", "3407", "2.4"], ["秋粮", "43597", "2.3"], ["棉花", "631", "-7.7"], ["油料", "3531", "2.8"],
    ["糖料", "13759", "2.0"], ["茶叶", "193", "7.9"],
]


def _nbs_farm_gold() -> list[Gold]:
    year = ("2013-01-01", "2013-12-31")
    gold = []
    for label, level, growth in NBS_FARM_ROWS[1:]:
        indicator = label.removeprefix("其中：")
        gold.append(_level(label, "产量（万吨）", indicator, int(level) * 10**4, "t", *year))
        gold.append(_growth(label, "比上年增长（%）", indicator, float(growth), *year))
    return gold


NBS_FARM = TableDocument(
    "nbs_farm_2013", "国家统计局 2013年国民经济和社会发展统计公报（2014-02-24 发布）", "2013年国民经济和社会发展统计公报",
    NBS_FARM_ROWS, _nbs_farm_gold(), before=("全年粮食产量60194万吨，比上年增加1236万吨，增产2.1%。",
                                              "表4 2013年主要农产品产量及其增长速度"))

HELD_OUT = (SH_GDP, NBS_FARM)


# --- Grids and files -----------------------------------------------------------------------------

def _cell(cell: Cell) -> tuple[str, int, int]:
    return (cell, 1, 1) if isinstance(cell, str) else cell


def table_html(rows: Sequence[Sequence[Cell]], indent: str = "\n\t\t") -> str:
    """A <table> with rowspan/colspan, its source indented with tabs as editors write it."""
    out = ["<table border=\"1\" cellspacing=\"0\">"]
    for index, row in enumerate(rows):
        tag = "th" if index == 0 else "td"
        cells = []
        for cell in row:
            text, rowspan, colspan = _cell(cell)
            spans = (f' rowspan="{rowspan}"' if rowspan > 1 else "") + (f' colspan="{colspan}"' if colspan > 1 else "")
            cells.append(f"{indent}<{tag}{spans}>{html.escape(text)}</{tag}>")
        out.append("\t<tr>" + "".join(cells) + "\n\t</tr>")
    out.append("</table>")
    return "\n".join(out)


def html_page(document: TableDocument, encoding: str = "utf-8") -> bytes:
    """A portal-shaped page: navigation and footer around the title, paragraphs and table."""
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in document.before)
    page = f"""<!DOCTYPE html><html><head>
<meta http-equiv="Content-Type" content="text/html; charset={encoding}">
<title>{html.escape(document.title)}_统计数据</title></head><body>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/tjsj/">统计数据</a></li></ul></div>
<div class="article"><h1>{html.escape(document.title)}</h1>
<div class="info">来源：统计局　发布时间：{_published(document)}</div>
<div class="TRS_Editor">{paragraphs}
{table_html(document.rows)}
<p>数据来源：{html.escape(document.source)}。</p></div></div>
<div class="footer">主办单位：统计局　网站标识码：5001020003　访问量：1365284次</div>
</body></html>"""
    return page.encode(encoding)


def _published(document: TableDocument) -> str:
    return document.source.rsplit("（", 1)[-1].split(" ")[0]


def text_file(document: TableDocument) -> str:
    """A .txt: the title, paragraphs, then one line per row with tab-separated cells."""
    lines = [document.title, *document.before]
    lines += ["\t".join(row) for row in spreadsheet_rows(document.rows)]
    lines.append(f"数据来源：{document.source}。")
    return "\n".join(lines) + "\n"


def placed_cells(rows: Sequence[Sequence[Cell]]) -> Iterator[tuple[int, int, str, int, int]]:
    """(row, column, text, rowspan, colspan) of each written cell, its column counted past the cells
    that merged cells above it cover."""
    taken: set[tuple[int, int]] = set()
    for r, row in enumerate(rows):
        column = 0
        for cell in row:
            while (r, column) in taken:
                column += 1
            text, rowspan, colspan = _cell(cell)
            yield r, column, text, rowspan, colspan
            taken.update((r + i, column + j) for i in range(rowspan) for j in range(colspan))
            column += colspan


def grid_width(rows: Sequence[Sequence[Cell]]) -> int:
    return max(sum(_cell(c)[2] for c in row) for row in rows)


def spreadsheet_rows(rows: Sequence[Sequence[Cell]]) -> list[list[str]]:
    """The table as a spreadsheet exports it: a merged cell's text in its first column and row,
    the columns and rows it spans empty."""
    grid = [[""] * grid_width(rows) for _ in rows]
    for r, column, text, _, _ in placed_cells(rows):
        grid[r][column] = text
    return grid


def docx_file(document: TableDocument) -> bytes:
    """A Word document with the table's merged cells merged (gridSpan, vMerge)."""
    import docx

    word = docx.Document()
    word.add_paragraph(document.title)
    for paragraph in document.before:
        word.add_paragraph(paragraph)
    grid = word.add_table(rows=len(document.rows), cols=grid_width(document.rows))
    for r, column, text, rowspan, colspan in placed_cells(document.rows):
        target = grid.cell(r, column)
        if rowspan > 1 or colspan > 1:
            target = target.merge(grid.cell(r + rowspan - 1, column + colspan - 1))
        target.text = text
    word.add_paragraph(f"数据来源：{document.source}。")
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def pdf_file(document: TableDocument, ruled: bool = True) -> bytes:
    """A PDF page with the title and the table drawn by reportlab (merged cells spanned, ruling
    lines or none), in the built-in CID font STSong-Light."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    grid = spreadsheet_rows(document.rows)
    style = [("FONT", (0, 0), (-1, -1), "STSong-Light", 9), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
    if ruled:
        style.append(("GRID", (0, 0), (-1, -1), 0.5, (0, 0, 0)))
    for r, column, _, rowspan, colspan in placed_cells(document.rows):
        if rowspan > 1 or colspan > 1:
            style.append(("SPAN", (column, r), (column + colspan - 1, r + rowspan - 1)))
    heading = ParagraphStyle("title", fontName="STSong-Light", fontSize=14, leading=20)
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4).build([Paragraph(html.escape(document.title), heading),
                                                 *[Paragraph(html.escape(p), heading) for p in document.before],
                                                 Table(grid, style=TableStyle(style))])
    return buffer.getvalue()
