-- Migration 004: what every entry of the seeds folder was when it was loaded, so that a run
-- reads and extracts only new or changed files (docs/performance.md, issue 15).
-- One row per entry (an article, or a file or other entry that became a reject).
-- `content_hash` is the SHA-256 of the file's bytes (for an entry that is not read, such as
-- a folder or a dangling link, a digest of its kind, size and change time); `size` and
-- `mtime_ns` let a run skip an unchanged file without reading it; `extractor_version` is
-- `pipeline.extract.version.EXTRACTOR_VERSION`; `rates_version` is the ECB rate history the
-- article's foreign-currency amounts were converted with (NULL when it has none).
-- A warehouse of an earlier version has no rows here yet: its next run extracts every file.
CREATE TABLE sources (
    source_file       VARCHAR NOT NULL,
    content_hash      VARCHAR NOT NULL,
    size              BIGINT NOT NULL,
    mtime_ns          BIGINT NOT NULL,
    extractor_version VARCHAR NOT NULL,
    rates_version     VARCHAR,
    outcome           VARCHAR NOT NULL,
    loaded_at         TIMESTAMP NOT NULL
);
