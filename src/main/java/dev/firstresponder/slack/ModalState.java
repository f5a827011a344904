package dev.firstresponder.slack;

import com.slack.api.model.view.View;
import com.slack.api.model.view.ViewState;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a submitted modal holds, read by input id: our modals give each input's block and action the
 * same id. A field left empty reads as null (or an empty list).
 */
public record ModalState(ViewState state) {
  public static ModalState of(View view) {
    return new ModalState(view.getState());
  }

  public Optional<ViewState.Value> value(String id) {
    if (state == null || state.getValues() == null) return Optional.empty();
    Map<String, ViewState.Value> block = state.getValues().get(id);
    return block == null ? Optional.empty() : Optional.ofNullable(block.get(id));
  }

  /** The text as typed, or null. */
  public String raw(String id) {
    return value(id).map(ViewState.Value::getValue).orElse(null);
  }

  /** The text without surrounding white space; null when it is blank. */
  public String text(String id) {
    return value(id)
        .map(ViewState.Value::getValue)
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .orElse(null);
  }

  public String user(String id) {
    return value(id).map(ViewState.Value::getSelectedUser).orElse(null);
  }

  public List<String> users(String id) {
    return value(id).map(ViewState.Value::getSelectedUsers).map(List::copyOf).orElse(List.of());
  }

  public Optional<String> option(String id) {
    return value(id)
        .map(ViewState.Value::getSelectedOption)
        .map(ViewState.SelectedOption::getValue);
  }

  public List<String> options(String id) {
    return value(id)
        .map(ViewState.Value::getSelectedOptions)
        .map(list -> list.stream().map(ViewState.SelectedOption::getValue).toList())
        .orElse(List.of());
  }

  /** A date picker's date, {@code 2026-12-24}. */
  public String date(String id) {
    return value(id).map(ViewState.Value::getSelectedDate).orElse(null);
  }

  /** A time picker's time, {@code 14:30}. */
  public String time(String id) {
    return value(id).map(ViewState.Value::getSelectedTime).orElse(null);
  }
}
