# nbconvert settings for the pages install/quickstart.sh writes.
# nbconvert 6.5 (Debian 12) sanitises SVG outputs in HTML pages down to an empty <svg>, so the
# exported page shows charts by their PNG twin: PNG comes before SVG here.
c = get_config()  # noqa: F821 (provided by traitlets when the file is loaded)
c.NbConvertBase.display_data_priority = [
    "text/html", "application/pdf", "text/latex", "image/png", "image/jpeg", "image/svg+xml",
    "text/markdown", "text/plain",
]
c.ExecutePreprocessor.kernel_name = "nepi"
c.ExecutePreprocessor.timeout = 300
