package dev.tenantpool.samples.invoices;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

/** Spring Data builds its queries at start-up, before any request (and any tenant) exists. */
public interface InvoiceRepository extends JpaRepository<Invoice, Long> {
  List<Invoice> findByCustomerOrderById(String customer);
}
