package dev.jconvex.database.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jconvex.values.ConvexValue;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StoredDocumentTest {

    private static final ConvexValue.Obj BODY = ConvexValue.obj(Map.of(
            "name", ConvexValue.str("ada"),
            "n", ConvexValue.int64(7),
            "tags", ConvexValue.array(List.of(ConvexValue.float64(-0.0), ConvexValue.bool(true)))));

    @Test
    void aVersionReadAsBytes_decodesOnlyWhenItsBodyIsRead_andEqualsTheTreeItCameFrom() {
        StoredDocument tree = new StoredDocument("id1", 12.5, BODY);
        StoredDocument read = StoredDocument.ofEncoded("id1", 12.5, tree.encodedBody());

        assertThat(read.decoded()).isFalse();
        assertThat(read).isEqualTo(tree).hasSameHashCodeAs(tree);
        assertThat(read.field("name")).isEqualTo(ConvexValue.str("ada"));
        assertThat(read.decoded()).isTrue();
        assertThat(read.toObject()).isEqualTo(tree.toObject());
    }

    @Test
    void aReaderOfAStoredVersion_decodesIntoItsOwnCopy_leavingTheStoredVersionAsBytes() {
        StoredDocument tree = new StoredDocument("id1", 12.5, BODY);
        StoredDocument stored = StoredDocument.ofEncoded("id1", 12.5, tree.encodedBody());

        StoredDocument reader = stored.forReader();
        assertThat(reader).isNotSameAs(stored).isEqualTo(tree);
        assertThat(reader.toObject()).isEqualTo(tree.toObject());
        assertThat(reader.decoded()).isTrue();
        assertThat(stored.decoded()).isFalse();
        assertThat(tree.forReader()).isSameAs(tree);
    }

    @Test
    void theRowFormat_isMadeOnce_andReusedByEveryWriter() {
        StoredDocument doc = new StoredDocument("id1", 1, BODY);
        assertThat(doc.encodedBody()).isSameAs(doc.encodedBody());
    }

    @Test
    void versionsDifferingInIdTimeOrBody_areNotEqual() {
        StoredDocument doc = new StoredDocument("id1", 1, BODY);
        assertThat(doc).isNotEqualTo(new StoredDocument("id2", 1, BODY));
        assertThat(doc).isNotEqualTo(new StoredDocument("id1", 2, BODY));
        assertThat(doc)
                .isNotEqualTo(
                        StoredDocument.ofEncoded("id1", 1, Documents.encodeBody(BODY.with("x", ConvexValue.str("y")))));
    }
}
