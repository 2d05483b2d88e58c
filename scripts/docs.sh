#!/bin/sh
# Writes the documentation that states each alert's defaults (the README's alert table, the
# runbook index, every runbook page's header lines), the README's dashboard table, its table of
# scrape targets and its times to page of the burn scenarios from the component bundles. The same tests, run
# without the property, fail when the committed text differs from what this writes.
set -eu
cd "$(dirname "$0")/.."
exec mvn -B -o -q -pl matrixmon-maven-plugin -am test -Dtest=GeneratedDocsTest,BurnScenarioTableTest \
    -Dsurefire.failIfNoSpecifiedTests=false -Dmatrixmon.docs.regenerate=true "$@"
