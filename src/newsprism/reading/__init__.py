"""reading: bytes / files / URLs -> RawDocument.

Reads:   paths, folders (recursive), globs, "-" (stdin), .gz, http(s) URLs.
Adds:    RawDocument (decoded text with markup stripped, fields the source gives), or a
         ReadFailure for an input that cannot be read.

Public API:
    iter_documents(inputs, options) -> Iterator[RawDocument | ReadFailure]
    parse_bytes(data, source, options) -> list[RawDocument]   (raises InputError)
"""
