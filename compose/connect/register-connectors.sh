#!/bin/sh
# PUTs every /configs/<name>.json to $CONNECT_URL/connectors/<name>/config, filling ${DATA_DIR} and
# ${EVENTHUBS_CONNECTION_STRING}; Connect config-provider references (${file:...}) are left to the worker.
set -eu
for file in /configs/*.json; do
  name=$(basename "$file" .json)
  sed -e "s|\${DATA_DIR}|$DATA_DIR|g" -e "s|\${EVENTHUBS_CONNECTION_STRING}|$EVENTHUBS_CONNECTION_STRING|g" "$file" \
    > "/tmp/$name.json"
  echo "PUT $name"
  curl -sS --fail-with-body -X PUT "$CONNECT_URL/connectors/$name/config" \
    -H 'Content-Type: application/json' -d @"/tmp/$name.json"
  echo
done
