package dev.tenantpool.samples.clinic;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

/** Spring Data builds these queries at start-up, before any request (and any tenant) exists. */
public interface VetRepository extends JpaRepository<Vet, Long> {
  List<Vet> findByLastNameOrderByFirstName(String lastName);

  @Query("select v.lastName from Vet v order by v.lastName")
  List<String> lastNames();
}
