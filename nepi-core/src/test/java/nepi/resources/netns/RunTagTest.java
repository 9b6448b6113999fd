package nepi.resources.netns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RunTagTest {

    @Test
    void namesCarryThePrefixAndTheTagIsFoundBack() {
        RunTag tag = new RunTag("a1b2c3");
        assertThat(tag.nodeNamespace(12)).isEqualTo("nepia1b2c3-n12");
        assertThat(tag.switchNamespace(3)).isEqualTo("nepia1b2c3-s3");
        assertThat(RunTag.ofNamespace("nepia1b2c3-n12")).contains(tag);
        assertThat(RunTag.ofNamespace("nepia1b2c3-s3")).contains(tag);
        assertThat(RunTag.ofNamespace("nepia1b2c3-s3h2")).contains(tag);
    }

    @Test
    void otherNamespacesAreNotOurs() {
        assertThat(RunTag.ofNamespace("docker-ns")).isEmpty();
        assertThat(RunTag.ofNamespace("nepia1b2c3")).isEmpty();
        assertThat(RunTag.ofNamespace("nepia1b2c3-x1")).isEmpty();
        assertThat(RunTag.ofNamespace("nepiprobe-netem-12")).isEmpty();
        assertThat(RunTag.ofNamespace("nepiA1B2C3-n1")).isEmpty();
    }

    @Test
    void randomTagsAreValidAndVary() {
        assertThat(RunTag.random().value()).matches("[a-z0-9]{6}");
        assertThat(RunTag.random()).isNotEqualTo(RunTag.random());
        assertThatThrownBy(() -> new RunTag("toolongtag")).isInstanceOf(IllegalArgumentException.class);
    }
}
