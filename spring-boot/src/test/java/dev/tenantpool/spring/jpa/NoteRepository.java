package dev.tenantpool.spring.jpa;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

/** Spring Data builds these queries at start-up, before any tenant exists. */
public interface NoteRepository extends JpaRepository<Note, Long> {
  List<Note> findByTextStartingWith(String prefix);

  @Query("select n.text from Note n order by n.text")
  List<String> texts();
}
