"""Exports: results in, Excel workbook (openpyxl) or PDF report (reportlab) out. No Qt."""
