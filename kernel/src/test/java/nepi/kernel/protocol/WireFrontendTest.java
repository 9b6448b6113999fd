package nepi.kernel.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import nepi.kernel.display.MimeBundle;
import nepi.kernel.session.StreamName;
import org.junit.jupiter.api.Test;

/** The session's outputs as iopub messages, children of the request being served. */
class WireFrontendTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Message> iopub = new ArrayList<>();
    private final WireFrontend frontend = new WireFrontend(iopub::add, null, "kernel-session");
    private final Message cell = Message.create(null, "execute_request", "client", Message.emptyObject());

    @Test
    void streamsAreNamedAndParentedByTheCell() throws Exception {
        frontend.serving(cell, true);
        frontend.stream(StreamName.STDERR, "oops\n");
        assertThat(iopub).singleElement().satisfies(m -> {
            assertThat(m.type()).isEqualTo("stream");
            assertThat(m.parentHeader()).isEqualTo(cell.headerJson());
            assertThat(m.content()).isEqualTo(JSON.readTree("{\"name\":\"stderr\",\"text\":\"oops\\n\"}"));
        });
    }

    @Test
    void displaysAndUpdatesCarryTheirDisplayIdInTheTransientPart() throws Exception {
        frontend.serving(cell, true);
        frontend.display(MimeBundle.text("a"), null, false);
        frontend.display(MimeBundle.text("b"), "progress", true);
        frontend.clearOutput(true);

        assertThat(iopub)
                .extracting(Message::type)
                .containsExactly("display_data", "update_display_data", "clear_output");
        assertThat(iopub.get(0).content())
                .isEqualTo(JSON.readTree("{\"data\":{\"text/plain\":\"a\"},\"metadata\":{},\"transient\":{}}"));
        assertThat(iopub.get(1).content().get("transient")).isEqualTo(JSON.readTree("{\"display_id\":\"progress\"}"));
        assertThat(iopub.get(2).content()).isEqualTo(JSON.readTree("{\"wait\":true}"));
    }

    @Test
    void inputIsRefusedWhenTheCellDoesNotAllowIt() {
        frontend.serving(cell, false);
        assertThatThrownBy(() -> frontend.readLine("name? ", false))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("allow_stdin is false");
    }
}
