"""The document engine: a report is built once as plain data, then rendered as DOCX, PDF, XLSX."""
