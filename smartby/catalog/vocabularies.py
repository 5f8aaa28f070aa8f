"""The controlled vocabularies DCAT-AP-NO points to, as Smartby uses them: each choice of
models.py with its URI (for export and harvest), and the EU file types with their media
types and whether they are machine-readable and non-proprietary (used by the metadata
quality score, as data.europa.eu's MQA uses the same EU lists)."""

from __future__ import annotations

from dataclasses import dataclass

EU = "http://publications.europa.eu/resource/authority"

ACCESS_RIGHTS_URI = {
    "PUBLIC": f"{EU}/access-right/PUBLIC",
    "RESTRICTED": f"{EU}/access-right/RESTRICTED",
    "NON_PUBLIC": f"{EU}/access-right/NON_PUBLIC",
}

FREQUENCY_URI = {
    code: f"{EU}/frequency/{code}"
    for code in (
        "CONT",
        "HOURLY",
        "DAILY",
        "WEEKLY",
        "MONTHLY",
        "QUARTERLY",
        "ANNUAL",
        "IRREG",
        "NEVER",
        "UNKNOWN",
    )
}

DATA_THEME_BASE = f"{EU}/data-theme/"
FILE_TYPE_BASE = f"{EU}/file-type/"
LANGUAGE_URI = {
    "nb": f"{EU}/language/NOB",
    "nn": f"{EU}/language/NNO",
    "no": f"{EU}/language/NOR",
    "en": f"{EU}/language/ENG",
    "sv": f"{EU}/language/SWE",
    "da": f"{EU}/language/DAN",
    "fi": f"{EU}/language/FIN",
    "se": f"{EU}/language/SME",
}


@dataclass(frozen=True)
class FileType:
    code: str  # the EU file-type code
    media_type: str  # IANA
    machine_readable: bool
    non_proprietary: bool

    @property
    def uri(self) -> str:
        return FILE_TYPE_BASE + self.code


FILE_TYPES = {
    t.code: t
    for t in (
        FileType("CSV", "text/csv", True, True),
        FileType("JSON", "application/json", True, True),
        FileType("GEOJSON", "application/geo+json", True, True),
        FileType("JSON_LD", "application/ld+json", True, True),
        FileType("XML", "application/xml", True, True),
        FileType("RDF_XML", "application/rdf+xml", True, True),
        FileType("RDF_TURTLE", "text/turtle", True, True),
        FileType("GML", "application/gml+xml", True, True),
        FileType("KML", "application/vnd.google-earth.kml+xml", True, True),
        FileType("GPKG", "application/geopackage+sqlite3", True, True),
        FileType("SHP", "application/x-shapefile", True, False),
        FileType("NETCDF", "application/netcdf", True, True),
        FileType("PARQUET", "application/vnd.apache.parquet", True, True),
        FileType("ODS", "application/vnd.oasis.opendocument.spreadsheet", True, True),
        FileType(
            "XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", True, False
        ),
        FileType("XLS", "application/vnd.ms-excel", True, False),
        FileType("TXT", "text/plain", False, True),
        FileType("HTML", "text/html", False, True),
        FileType("PDF", "application/pdf", False, True),
        FileType("ZIP", "application/zip", False, True),
        FileType("GTFS", "application/zip", True, True),
        FileType("SIRI", "application/xml", True, True),
        FileType("NETEX", "application/xml", True, True),
        FileType("MQTT", "application/octet-stream", True, True),
    )
}

# Common ways harvested records write a format, mapped to the EU code.
FORMAT_ALIASES = {
    "csv": "CSV",
    "text/csv": "CSV",
    "json": "JSON",
    "application/json": "JSON",
    "geojson": "GEOJSON",
    "application/geo+json": "GEOJSON",
    "json-ld": "JSON_LD",
    "jsonld": "JSON_LD",
    "application/ld+json": "JSON_LD",
    "xml": "XML",
    "application/xml": "XML",
    "text/xml": "XML",
    "rdf": "RDF_XML",
    "rdf/xml": "RDF_XML",
    "application/rdf+xml": "RDF_XML",
    "ttl": "RDF_TURTLE",
    "turtle": "RDF_TURTLE",
    "text/turtle": "RDF_TURTLE",
    "gml": "GML",
    "kml": "KML",
    "gpkg": "GPKG",
    "geopackage": "GPKG",
    "shp": "SHP",
    "shapefile": "SHP",
    "netcdf": "NETCDF",
    "parquet": "PARQUET",
    "ods": "ODS",
    "xlsx": "XLSX",
    "xls": "XLS",
    "txt": "TXT",
    "text/plain": "TXT",
    "html": "HTML",
    "text/html": "HTML",
    "pdf": "PDF",
    "application/pdf": "PDF",
    "zip": "ZIP",
    "application/zip": "ZIP",
    "gtfs": "GTFS",
    "siri": "SIRI",
    "netex": "NETEX",
}


def file_type(value: str) -> FileType | None:
    """The EU file type for a code, an alias, a media type or a file-type URI."""
    text = (value or "").strip()
    if text.startswith(FILE_TYPE_BASE):
        text = text[len(FILE_TYPE_BASE) :]
    if text.upper() in FILE_TYPES:
        return FILE_TYPES[text.upper()]
    code = FORMAT_ALIASES.get(text.lower())
    return FILE_TYPES[code] if code else None


def code_from_uri(uri: str, table: dict[str, str]) -> str | None:
    """The choice whose URI `uri` is (exact, or the same last path segment)."""
    for code, known in table.items():
        if uri == known or uri.rstrip("/").rsplit("/", 1)[-1] == code:
            return code
    return None
