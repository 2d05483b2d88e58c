#!/bin/sh
# Writes the documentation that states each alert's defaults (the README's alert table, the
# runbook index, every runbook page's header lines) and the README's dashboard table from the
# component bundles. The same test,
# run without the property, fails when the committed text differs from what this writes.
set -eu
cd "$(dirname "$0")/.."
exec mvn -B -o -q -pl matrixmon-maven-plugin -am test -Dtest=GeneratedDocsTest \
    -Dsurefire.failIfNoSpecifiedTests=false -Dmatrixmon.docs.regenerate=true "$@"
