package dev.firstresponder.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firstresponder.testing.TestApps;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every surface the bot can produce, rendered through the running app twice (ordinary input, and
 * the most the bot accepts everywhere), must be accepted by Slack and GitHub: the fakes refuse what
 * the real services refuse, the test client checks what the app answers Slack with, and any refusal
 * fails this test. A new feature adds its {@link Surfaces} to {@link #FEATURES}.
 */
class SurfaceCatalogueTest {
  @RegisterExtension final TestApps apps = new TestApps();

  /** In the order a team meets them: the rota first, so people have GitHub logins. */
  static final List<Surfaces> FEATURES =
      List.of(
          new OncallSurfaces(),
          new IncidentSurfaces(),
          new MirrorSurfaces(),
          new UpgradeSurfaces(),
          new AlertSurfaces());

  @ParameterizedTest
  @EnumSource(Size.class)
  void slackAndGitHubAcceptEverySurfaceTheBotProduces(Size size) throws Exception {
    Stage stage = Stage.start(apps, size);
    for (Surfaces feature : FEATURES) {
      feature.render(stage);
      stage.settle();
      assertThat(stage.t.slack.violations())
          .as("what Slack refused while rendering %s (%s input)", feature.feature(), size)
          .isEmpty();
      assertThat(stage.t.github.violations())
          .as("what GitHub refused while rendering %s (%s input)", feature.feature(), size)
          .isEmpty();
    }
    System.out.println(
        size
            + " input: "
            + stage.t.slack.calls().size()
            + " Slack calls, "
            + stage.t.github.requests().size()
            + " GitHub requests; surfaces rendered "
            + stage.rendered());
  }
}
