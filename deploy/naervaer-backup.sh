#!/usr/bin/env bash
# Back up Nærvær: the database (pg_dump custom format) and the files in
# NAERVAER_VAR_DIR that cannot be rebuilt; then delete backups older than
# NAERVAER_BACKUP_KEEP_DAYS. Run by deploy/systemd/naervaer-backup.service.
#
#   NAERVAER_BACKUP_DIR        where backups go (default /var/backups/naervaer)
#   NAERVAER_BACKUP_KEEP_DAYS  days to keep (default 35)
#   DATABASE_URL, NAERVAER_VAR_DIR as for the application (/etc/naervaer/env)
#
# The metric cube (var/cube) and collected static files (var/static) are left out:
# `naervaer refresh_metrics` and `naervaer serve` rebuild them. Restore: see
# docs/operations.md, "Restore".
set -euo pipefail

dir=${NAERVAER_BACKUP_DIR:-/var/backups/naervaer}
keep=${NAERVAER_BACKUP_KEEP_DAYS:-35}
var=${NAERVAER_VAR_DIR:-/var/lib/naervaer}
url=${DATABASE_URL:?DATABASE_URL is not set}
stamp=$(date +%Y%m%d-%H%M%S)

mkdir -p "$dir"
umask 077

case $url in
    postgres://* | postgresql://*)
        # Write to a temporary name first: a failed dump never looks like a backup.
        pg_dump --format=custom --compress=6 --file="$dir/naervaer-$stamp.dump.part" --dbname="$url"
        mv "$dir/naervaer-$stamp.dump.part" "$dir/naervaer-$stamp.dump"
        pg_restore --list "$dir/naervaer-$stamp.dump" >/dev/null   # the archive is readable
        ;;
    sqlite:///*)
        # The online backup API: consistent even while the server writes.
        sqlite3 "${url#sqlite://}" ".backup '$dir/naervaer-$stamp.sqlite3'"
        ;;
    *)
        echo "naervaer-backup: unsupported DATABASE_URL scheme: ${url%%:*}" >&2
        exit 1
        ;;
esac

# Everything in var/ except what is rebuilt (the secret key, if generated, lives here).
if [[ -d $var ]]; then
    tar --create --gzip --file="$dir/naervaer-var-$stamp.tar.gz" --directory="$var" \
        --exclude=./cube --exclude=./static --exclude='*.tmp' .
fi

find "$dir" -maxdepth 1 -type f \( -name 'naervaer-*.dump' -o -name 'naervaer-*.sqlite3' \
    -o -name 'naervaer-var-*.tar.gz' \) -mtime "+$keep" -print -delete
echo "naervaer-backup: $dir/naervaer-$stamp.* written; backups older than $keep days removed"
