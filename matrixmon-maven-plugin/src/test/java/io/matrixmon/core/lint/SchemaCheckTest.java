package io.matrixmon.core.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** Each keyword of the plugin's schema subset accepts what it should and names what it rejects. */
class SchemaCheckTest {

    private static final Map<String, Object> DEFINITIONS = yaml("""
            port: {anyOf: [{type: integer, minimum: 1, maximum: 65535}, {type: string, minLength: 1}]}
            rule:
              type: object
              additionalProperties: false
              required: [expr]
              properties:
                alert: {type: string, pattern: "^[a-zA-Z_]+$"}
                record: {type: string}
                expr: {type: string}
              oneOf:
                - required: [alert]
                  not: {required: [record]}
                - required: [record]
            """);
    private static final Object SCHEMA = yaml("""
            type: object
            additionalProperties: false
            required: [kind]
            properties:
              kind: {const: Thing}
              mode: {enum: [a, b]}
              port: {$ref: "#/definitions/port"}
              name: {type: string, maxLength: 5}
              rules: {type: array, minItems: 1, items: {$ref: "#/definitions/rule"}}
              labels: {type: object, additionalProperties: {type: string}}
              receiver:
                type: object
                additionalProperties: false
                patternProperties:
                  "^[a-z]+Configs$": {type: array}
            """);

    private final SchemaCheck check = new SchemaCheck(DEFINITIONS);

    {
        check.prepare(SCHEMA, "schema");
    }

    @Test
    void aValidObjectHasNoProblems() {
        assertEquals(List.of(), problems("""
                kind: Thing
                mode: b
                port: 8080
                name: redis
                rules: [{alert: Down, expr: up == 0}, {record: "x:y", expr: sum(up)}]
                labels: {team: sre}
                receiver: {slackConfigs: []}
                """));
    }

    @Test
    void eachKeywordNamesTheFieldAndWhatIsExpected() {
        assertEquals(List.of(
                "kind: must be Thing, found \"Other\"",
                "mode: must be one of [a, b], found \"c\"",
                "port: matches none of the allowed forms: port must be at most 65535, found 70000"
                        + " | or | port expected a string, found an integer (70000)",
                "name: must be at most 5 characters long, found 10",
                "rules: must have at least 1 item(s), found 0",
                "labels.team: expected a string, found an integer (7)",
                "receiver.webhook: is not a field of this object (known fields: )",
                "receiver.slackConfigs: expected an array, found \"x\"",
                "extra: is not a field of this object (known fields: kind, mode, port, name, rules, labels, receiver)"),
                problems("""
                        kind: Other
                        mode: c
                        port: 70000
                        name: postgresql
                        rules: []
                        labels: {team: 7}
                        receiver: {webhook: 1, slackConfigs: x}
                        extra: true
                        """));
    }

    @Test
    void requiredFieldsAndOneOfAreChecked() {
        assertEquals(List.of(
                "kind: is required but missing",
                "rules[0].alert: \"Bad-Name\" does not match ^[a-zA-Z_]+$",
                "rules[1].expr: is required but missing",
                "rules[1].for: is not a field of this object (known fields: alert, record, expr)",
                "rules[1]: matches none of the allowed forms: rules[1].alert is required but missing"
                        + " | or | rules[1].record is required but missing"),
                problems("""
                        rules:
                          - {alert: Bad-Name, expr: up}
                          - {for: 5m}
                        """));
    }

    @Test
    void yamlsNotANumberAndInfinityAreRejectedWhereverTheyStand() {
        assertEquals(List.of(
                "kind: must be a finite number (JSON has no NaN or Infinity), found NaN",
                "port: must be a finite number (JSON has no NaN or Infinity), found Infinity",
                "labels.team: must be a finite number (JSON has no NaN or Infinity), found -Infinity"),
                problems("""
                        kind: .nan
                        port: .inf
                        labels: {team: -.inf}
                        """));
    }

    @Test
    void aRuleMatchingBothFormsIsRejected() {
        SchemaCheck loose = new SchemaCheck(yaml("""
                either: {oneOf: [{required: [a]}, {required: [b]}]}
                """));
        assertEquals(List.of(new SchemaCheck.Problem("", "matches 2 of the allowed forms, exactly one is expected")),
                loose.check(Map.of("$ref", "#/definitions/either"), Map.of("a", 1, "b", 2), ""));
    }

    @Test
    void aSchemaWithAKeywordItCannotCheckIsRefused() {
        IllegalStateException unsupported = assertThrows(IllegalStateException.class,
                () -> new SchemaCheck(yaml("x: {type: string, format: email}")));
        assertEquals("Unsupported schema keyword at definitions.x.format", unsupported.getMessage());
        IllegalStateException dangling = assertThrows(IllegalStateException.class,
                () -> new SchemaCheck(yaml("x: {items: {$ref: \"#/definitions/y\"}}")));
        assertEquals("Unresolvable $ref #/definitions/y at definitions.x.items.$ref", dangling.getMessage());
    }

    private List<String> problems(String document) {
        return check.check(SCHEMA, yaml(document), "").stream()
                .map(problem -> problem.field() + ": " + problem.message()).toList();
    }

    private static Map<String, Object> yaml(String text) {
        return new Yaml().load(text);
    }
}
