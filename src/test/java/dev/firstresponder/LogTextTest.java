package dev.firstresponder;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogTextTest {
  @Test
  void lineBreaksAndControlCharactersBecomeEscapes() {
    assertThat(LogText.safe("a\r\nINFO forged\u2028b\u0000c\td"))
        .isEqualTo("a\\r\\nINFO forged\\u2028b\\u0000c\td");
  }

  @Test
  void plainTextAndNullStayReadable() {
    assertThat(LogText.safe("grafana is down (prod)")).isEqualTo("grafana is down (prod)");
    assertThat(LogText.safe(null)).isEqualTo("null");
  }
}
