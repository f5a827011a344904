package dev.firstresponder.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A burst longer than one GitHub comment becomes several, each within GitHub's limit. */
class MirrorCommentTest {
  static MirrorComment.Entry entry(int n, String text) {
    return new MirrorComment.Entry(
        "Person " + n,
        null,
        "https://fake.slack.com/archives/C1/p" + n,
        Instant.parse("2026-11-23T10:00:00Z").plusSeconds(n),
        false,
        text,
        List.of(),
        false,
        false);
  }

  static String text(int n, int length) {
    String head = "message " + n + " begins ";
    String tail = " message " + n + " ends";
    StringBuilder b = new StringBuilder(head);
    while (b.length() < length - tail.length()) b.append(b.length() % 70 == 0 ? '\n' : 'x');
    return b.append(tail).toString();
  }

  @Test
  void aBurstThatFitsIsOneComment() {
    List<String> comments =
        MirrorComment.render(List.of(entry(1, "rolled back"), entry(2, "looks better")));
    assertThat(comments)
        .singleElement()
        .asString()
        .contains("rolled back")
        .contains("looks better");
  }

  @Test
  void aLongBurstIsSplitBetweenMessagesAndLosesNothing() {
    List<MirrorComment.Entry> burst = new ArrayList<>();
    for (int n = 1; n <= 8; n++) burst.add(entry(n, text(n, 20_000)));

    List<String> comments = MirrorComment.render(burst);

    assertThat(comments).hasSizeGreaterThan(1);
    assertThat(comments).allSatisfy(c -> assertThat(c.length()).isLessThanOrEqualTo(60_000));
    String all = String.join("\n", comments);
    for (int n = 1; n <= 8; n++)
      assertThat(all).contains("message " + n + " begins").contains("message " + n + " ends");
    assertThat(all).doesNotContain("_continued_");
  }

  @Test
  void aMessageLongerThanACommentGoesOnInTheNextUnderItsHeader() {
    List<String> comments =
        MirrorComment.render(
            List.of(entry(1, "short"), entry(2, text(2, 150_000)), entry(3, "after")));

    assertThat(comments).hasSize(4);
    assertThat(comments).allSatisfy(c -> assertThat(c.length()).isLessThanOrEqualTo(60_000));
    assertThat(comments.get(0)).contains("short").doesNotContain("message 2");
    assertThat(comments.get(1)).contains("**Person 2**").contains("message 2 begins");
    assertThat(comments.get(2)).startsWith("**Person 2**").contains("_continued_");
    assertThat(comments.get(3))
        .contains("_continued_")
        .contains("message 2 ends")
        .contains("**Person 3**")
        .contains("after");
    String joined = String.join("", comments);
    assertThat(joined.chars().filter(c -> c == 'x').count())
        .isEqualTo(text(2, 150_000).chars().filter(c -> c == 'x').count());
  }

  @Test
  void piecesAreCutAtLineBreaksAndNeverInsideACharacter() {
    String emoji = "😀".repeat(40_000);
    List<String> pieces = MirrorComment.chunks(emoji, 1001);
    assertThat(String.join("", pieces)).isEqualTo(emoji);
    assertThat(pieces)
        .allSatisfy(p -> assertThat(Character.isHighSurrogate(p.charAt(p.length() - 1))).isFalse());

    List<String> lines = MirrorComment.chunks("aaaa\nbbbb\ncccc", 10);
    assertThat(lines).containsExactly("aaaa\nbbbb", "cccc");
  }
}
