package dev.firstresponder.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.model.view.ViewState;
import com.slack.api.util.json.GsonFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading a submitted modal by input id, as Slack sends its state. */
class ModalStateTest {
  final ModalState state =
      new ModalState(
          GsonFactory.createSnakeCase()
              .fromJson(
                  """
                  {"values": {
                    "notes": {"notes": {"type": "plain_text_input", "value": "  restarted it \\n"}},
                    "blank": {"blank": {"type": "plain_text_input", "value": "   "}},
                    "cc": {"cc": {"type": "users_select", "selected_user": "U0CAROL01"}},
                    "ots": {"ots": {"type": "multi_users_select", "selected_users": ["U0BOB0001"]}},
                    "next": {"next": {"type": "static_select", "selected_option": {"value": "30"}}},
                    "why": {"why": {"type": "checkboxes",
                                    "selected_options": [{"value": "visible"}, {"value": "asked"}]}},
                    "date": {"date": {"type": "datepicker", "selected_date": "2026-12-24"}},
                    "time": {"time": {"type": "timepicker", "selected_time": "14:30"}}
                  }}
                  """,
                  ViewState.class));

  @Test
  void eachKindOfInputIsReadByItsId() {
    assertThat(state.text("notes")).isEqualTo("restarted it");
    assertThat(state.raw("notes")).isEqualTo("  restarted it \n");
    assertThat(state.user("cc")).isEqualTo("U0CAROL01");
    assertThat(state.users("ots")).containsExactly("U0BOB0001");
    assertThat(state.option("next")).contains("30");
    assertThat(state.options("why")).containsExactly("visible", "asked");
    assertThat(state.date("date")).isEqualTo("2026-12-24");
    assertThat(state.time("time")).isEqualTo("14:30");
  }

  @Test
  void emptyAndMissingInputsReadAsNothing() {
    assertThat(state.text("blank")).isNull();
    assertThat(state.raw("blank")).isEqualTo("   ");
    assertThat(state.text("missing")).isNull();
    assertThat(state.users("missing")).isEqualTo(List.of());
    assertThat(state.option("missing")).isEmpty();
    assertThat(new ModalState(null).text("notes")).isNull();
  }
}
