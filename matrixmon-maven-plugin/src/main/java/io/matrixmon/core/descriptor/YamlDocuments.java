package io.matrixmon.core.descriptor;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads YAML text into one node tree, safely: no Java object construction from tags, no
 * duplicate keys, bounded aliases, nesting and size, and UTF-8 only. Every failure becomes a
 * {@link Problem} with the position snakeyaml reports.
 */
final class YamlDocuments {

    static final int MAX_BYTES = 1024 * 1024;

    private YamlDocuments() {
    }

    static String readUtf8(Path file, String source) throws DescriptorException {
        if (Files.isDirectory(file)) {
            throw new DescriptorException(new Problem(source, 0, 0, "",
                    "is a directory; expected a YAML file"));
        }
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new DescriptorException(new Problem(source, 0, 0, "",
                        "is larger than " + MAX_BYTES / 1024 + " KiB; a deployment descriptor is a few KiB"));
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new DescriptorException(new Problem(source, 0, 0, "", "does not exist"));
        } catch (AccessDeniedException e) {
            throw new DescriptorException(new Problem(source, 0, 0, "", "cannot be read (permission denied)"));
        } catch (IOException e) {
            throw new DescriptorException(new Problem(source, 0, 0, "", "cannot be read: " + e.getMessage()));
        }
        return decode(bytes, source);
    }

    static String decode(byte[] bytes, String source) throws DescriptorException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            int offset = firstInvalidByte(bytes);
            int line = 1;
            int column = 1;
            for (int i = 0; i < offset; i++) {
                if (bytes[i] == '\n') {
                    line++;
                    column = 1;
                } else if ((bytes[i] & 0xC0) != 0x80) {
                    column++;
                }
            }
            throw new DescriptorException(new Problem(source, line, column, "",
                    String.format("is not valid UTF-8 (byte 0x%02X at offset %d); save the file as UTF-8",
                            bytes[offset] & 0xFF, offset)));
        }
    }

    /** Offset of the first byte that does not start or continue a well-formed UTF-8 sequence. */
    private static int firstInvalidByte(byte[] bytes) {
        int i = 0;
        while (i < bytes.length) {
            int lead = bytes[i] & 0xFF;
            int extra = lead < 0x80 ? 0 : lead >= 0xC2 && lead <= 0xDF ? 1
                    : lead >= 0xE0 && lead <= 0xEF ? 2 : lead >= 0xF0 && lead <= 0xF4 ? 3 : -1;
            if (extra < 0 || i + extra >= bytes.length) {
                return i;
            }
            for (int k = 1; k <= extra; k++) {
                if ((bytes[i + k] & 0xC0) != 0x80) {
                    return i;
                }
            }
            i += extra + 1;
        }
        return 0;
    }

    /** The single document in the text; an empty text is an empty mapping's absence (null). */
    static Node compose(String text, String source) throws DescriptorException {
        if (text.indexOf('\t') >= 0) {
            int offset = text.indexOf('\t');
            String before = text.substring(0, offset);
            int line = (int) before.chars().filter(c -> c == '\n').count() + 1;
            int column = offset - before.lastIndexOf('\n');
            if (before.substring(before.lastIndexOf('\n') + 1).isBlank()) {
                throw new DescriptorException(new Problem(source, line, column, "",
                        "a tab character indents this line; YAML indentation must use spaces"));
            }
        }
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(50);
        options.setNestingDepthLimit(50);
        options.setCodePointLimit(MAX_BYTES);
        options.setAllowRecursiveKeys(false);
        options.setTagInspector(tag -> false);
        Yaml yaml = new Yaml(options);
        try {
            Iterator<Node> documents = yaml.composeAll(new StringReader(text)).iterator();
            if (!documents.hasNext()) {
                return null;
            }
            Node document = documents.next();
            if (documents.hasNext()) {
                Node second = documents.next();
                throw new DescriptorException(located(source, second.getStartMark(),
                        "a second YAML document starts here; a descriptor is one document"));
            }
            return document;
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String message = e.getProblem() == null ? e.getMessage() : e.getProblem();
            if (e.getContext() != null && !message.contains(e.getContext())) {
                Mark context = e.getContextMark();
                message = e.getContext() + (context == null || context.equals(mark) ? "" : " (started at line "
                        + (context.getLine() + 1) + ", column " + (context.getColumn() + 1) + ")") + ": " + message;
            }
            throw new DescriptorException(located(source, mark, "YAML syntax error: " + clean(message)));
        } catch (YAMLException | IllegalArgumentException e) {
            // snakeyaml reports some malformed input (tags with spaces, for one) as IllegalArgumentException.
            throw new DescriptorException(new Problem(source, 0, 0, "", "YAML error: " + clean(e.getMessage())));
        } catch (StackOverflowError e) {
            throw new DescriptorException(new Problem(source, 0, 0, "", "YAML nesting is too deep"));
        }
    }

    private static Problem located(String source, Mark mark, String message) {
        return mark == null ? new Problem(source, 0, 0, "", message)
                : new Problem(source, mark.getLine() + 1, mark.getColumn() + 1, "", message);
    }

    private static String clean(String message) {
        return message.replaceAll("\\s+", " ").trim();
    }
}
