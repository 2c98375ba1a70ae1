"""Backups of a whole install: the database and the uploaded files in one archive (docs/adr/0070).

    write_backup(path)                  # -> BackupSummary; `manage.py backup --output FILE`
    restore_backup(path)                # -> RestoreSummary; `manage.py restore FILE`
    restore_backup(path, verify_only=True)

The archive is a gzip-compressed tar file with these members:

- `database/<app_label>.<model>.jsonl`: every row of every model, one JSON object a line, written
  by Django's own serialisation (so an archive made on SQLite restores on PostgreSQL and back).
  Content types and permissions are written by natural key (app label and model, codename) and
  matched to those `migrate` already made in the target; rows that point at them carry the
  natural key, not the id. Sessions are not copied: they are live log-in keys that expire within
  hours; after a restore everyone logs in again.
- `media/...` and `private/...`: the files under MEDIA_ROOT and PRIVATE_MEDIA_ROOT (regular
  files only; symbolic links are left out and counted).
- `manifest.json` (last): format, time, Django version, database vendor, the applied migrations
  (app -> latest), rows per model, and the size and SHA-256 of every other member.

The rows are read in one transaction that sees one moment of the database while people keep
working: REPEATABLE READ (read only) on PostgreSQL, a deferred read transaction on SQLite (WAL
gives a reader its snapshot without blocking writers). Files are read after the rows, so every
file a copied row names was already on disk (an upload is stored before its row is committed).

A restore reads the whole archive into a staging folder while checking every member's name (no
absolute path, no `..`, no link or device, only the known folders) and then every checksum
against the manifest; anything wrong refuses the archive before the install is touched. It then
requires the same migrations as the archive and an empty install (no rows besides what `migrate`
makes, no files), loads every row in one transaction, checks the foreign keys, resets
PostgreSQL's sequences, moves the files into place and commits; if anything fails, the
transaction rolls back and the files moved so far are removed again.

One module per step: `contents` (format, what is copied, refusals), `writing`, `verifying`,
`restoring`, `retention` (which archives to keep). Callers import from the module of the step
(the `backup` and `restore` commands, the tests).
"""
