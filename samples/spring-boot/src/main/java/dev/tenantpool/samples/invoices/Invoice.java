package dev.tenantpool.samples.invoices;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An invoice of one tenant; the table comes from Flyway (db/migration). */
@Entity
@Table(name = "invoices")
public class Invoice {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  private String customer;

  @Column(name = "amount_cents")
  private long amountCents;

  protected Invoice() {}

  public Invoice(String customer, long amountCents) {
    this.customer = customer;
    this.amountCents = amountCents;
  }

  public Long getId() {
    return id;
  }

  public String getCustomer() {
    return customer;
  }

  public long getAmountCents() {
    return amountCents;
  }
}
