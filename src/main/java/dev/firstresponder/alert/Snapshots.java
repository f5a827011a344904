package dev.firstresponder.alert;

import java.util.Optional;
import java.util.function.LongFunction;
import org.jdbi.v3.core.Handle;

/** Reads an episode with everything its messages show. */
final class Snapshots {
  private final AlertDao dao;
  private final PageDao pages;
  private final LongFunction<Optional<String>> incidentChannel;

  Snapshots(AlertDao dao, PageDao pages, LongFunction<Optional<String>> incidentChannel) {
    this.dao = dao;
    this.pages = pages;
    this.incidentChannel = incidentChannel;
  }

  Snapshot of(Handle h, Episode e) {
    return new Snapshot(
        e,
        dao.alerts(h, e.id()),
        pages.pages(h, e.id()),
        e.incidentId() == null ? Optional.empty() : incidentChannel.apply(e.incidentId()));
  }

  Optional<Snapshot> find(Handle h, long episodeId) {
    return dao.find(h, episodeId).map(e -> of(h, e));
  }
}
