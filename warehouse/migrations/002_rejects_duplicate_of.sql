-- Migration 002: a file rejected as a copy of another article names that article's file,
-- so a run that reloads the original also reloads its copies (see docs/reliability.md).
ALTER TABLE rejects ADD COLUMN duplicate_of VARCHAR;
