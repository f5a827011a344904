package dev.firstresponder.slack;

import static com.slack.api.model.block.Blocks.input;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.plainTextInput;

import com.slack.api.model.block.LayoutBlock;

/**
 * A plain-text input of a modal, whose block id and action id are the same constant (so the
 * submission is read with {@link ModalState} by that one id). Required and on one line unless told
 * otherwise:
 *
 * <pre>{@code TextInput.of(NOTES, "What happened", 3000).multiline().hint("…").block()}</pre>
 */
public final class TextInput {
  private final String id;
  private final String label;
  private final int maxLength;
  private final boolean multiline;
  private final boolean optional;
  private final String placeholder;
  private final String hint;
  private final String initial;

  private TextInput(
      String id,
      String label,
      int maxLength,
      boolean multiline,
      boolean optional,
      String placeholder,
      String hint,
      String initial) {
    this.id = id;
    this.label = label;
    this.maxLength = maxLength;
    this.multiline = multiline;
    this.optional = optional;
    this.placeholder = placeholder;
    this.hint = hint;
    this.initial = initial;
  }

  public static TextInput of(String id, String label, int maxLength) {
    return new TextInput(id, label, maxLength, false, false, null, null, null);
  }

  public TextInput multiline() {
    return new TextInput(id, label, maxLength, true, optional, placeholder, hint, initial);
  }

  public TextInput optional() {
    return new TextInput(id, label, maxLength, multiline, true, placeholder, hint, initial);
  }

  /** Grey text in the empty field. */
  public TextInput placeholder(String text) {
    return new TextInput(id, label, maxLength, multiline, optional, text, hint, initial);
  }

  /** A line under the field. */
  public TextInput hint(String text) {
    return new TextInput(id, label, maxLength, multiline, optional, placeholder, text, initial);
  }

  /** The value the field starts with (cut to the maximum length); none when blank. */
  public TextInput initial(String value) {
    return new TextInput(id, label, maxLength, multiline, optional, placeholder, hint, value);
  }

  public LayoutBlock block() {
    return input(
        i -> {
          i.blockId(id)
              .optional(optional)
              .label(plainText(label))
              .element(
                  plainTextInput(
                      p -> {
                        p.actionId(id).maxLength(maxLength).multiline(multiline);
                        if (initial != null && !initial.isBlank())
                          p.initialValue(SlackText.truncate(initial, maxLength));
                        if (placeholder != null) p.placeholder(plainText(placeholder));
                        return p;
                      }));
          if (hint != null) i.hint(plainText(hint));
          return i;
        });
  }
}
