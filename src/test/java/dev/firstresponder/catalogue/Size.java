package dev.firstresponder.catalogue;

/**
 * How much the people in the catalogue type and how many things exist: what a normal day looks
 * like, or the most the bot accepts everywhere (every free-text field at its maximum, made of the
 * characters that grow most when escaped for Slack and GitHub, 80-character channel names, 50
 * people on the rota, 30 open incidents and 30 open upgrades, 12 holidays, 45 firing alert groups,
 * 150 alerts in one group).
 */
enum Size {
  ORDINARY(4, 2, 6, 1, 3, 2),
  LONGEST(50, 30, 30, 12, 45, 150);

  /** The longest text a slash command can carry: what the message composer takes. */
  static final int COMMAND_TEXT = 40_000;

  /** The longest message a person can post in a channel. */
  static final int MESSAGE_TEXT = 40_000;

  /** Slack's limit for a channel name. */
  static final int CHANNEL_NAME = 80;

  /** Slack's limit for a display name. */
  static final int DISPLAY_NAME = 80;

  /** GitHub's limit for a login. */
  static final int GITHUB_LOGIN = 39;

  final int people;
  final int incidents;
  final int upgrades;
  final int holidays;
  final int alertGroups;
  final int alertsInAGroup;

  Size(int people, int incidents, int upgrades, int holidays, int alertGroups, int alertsInAGroup) {
    this.people = people;
    this.incidents = incidents;
    this.upgrades = upgrades;
    this.holidays = holidays;
    this.alertGroups = alertGroups;
    this.alertsInAGroup = alertsInAGroup;
  }
}
