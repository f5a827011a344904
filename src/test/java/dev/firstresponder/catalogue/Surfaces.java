package dev.firstresponder.catalogue;

/**
 * One feature's surfaces: every modal, message, ephemeral answer and GitHub text it can produce,
 * rendered through the running app by driving it as people would. A new feature adds one of these
 * and lists it in {@link SurfaceCatalogueTest#FEATURES}.
 */
interface Surfaces {
  /** The feature's name, as failures report it. */
  String feature();

  /**
   * Renders every surface with the stage's input size; each step waits for the surface it causes,
   * so a surface that never appears fails the catalogue. Slack and GitHub limits are checked by the
   * fakes and the test client.
   */
  void render(Stage stage) throws Exception;
}
