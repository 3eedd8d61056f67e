package dev.tenantpool.spring.jpa;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Notes of the current tenant, and work handed to Boot's task executor. */
@Service
public class NoteService {
  private final NoteRepository notes;
  private final JdbcTemplate jdbc;

  public NoteService(NoteRepository notes, JdbcTemplate jdbc) {
    this.notes = notes;
    this.jdbc = jdbc;
  }

  @Transactional
  public Note add(String text) {
    return notes.save(new Note(text));
  }

  @Transactional(readOnly = true)
  public List<String> texts() {
    return notes.texts();
  }

  /** Which tenant's database answers, asked from one of Boot's executor threads. */
  @Async
  public CompletableFuture<String> databaseLater() {
    return CompletableFuture.completedFuture(
        Thread.currentThread().getName() + ":" + jdbc.queryForObject("SELECT name FROM tenant_info", String.class));
  }
}
