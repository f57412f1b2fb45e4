#!/bin/sh
# PUTs every /configs/<name>.json to $CONNECT_URL/connectors/<name>/config, filling ${DATA_DIR}, ${SCHEMA_DIR} (the
# schema folder as the worker sees it) and ${EVENTHUBS_CONNECTION_STRING}; Connect config-provider references
# (${file:...}, ${dir:...}) are left to the worker.
set -eu
for file in /configs/*.json; do
  name=$(basename "$file" .json)
  sed -e "s|\${DATA_DIR}|$DATA_DIR|g" -e "s|\${SCHEMA_DIR}|$SCHEMA_DIR|g" -e "s|\${EVENTHUBS_CONNECTION_STRING}|$EVENTHUBS_CONNECTION_STRING|g" "$file" \
    > "/tmp/$name.json"
  echo "PUT $name"
  curl -sS --fail-with-body -X PUT "$CONNECT_URL/connectors/$name/config" \
    -H 'Content-Type: application/json' -d @"/tmp/$name.json"
  echo
done
