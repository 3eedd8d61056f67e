package dev.tenantpool.samples.invoices;

import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The request's tenant's invoices: {@code curl -H 'X-Tenant-Id: acme' localhost:8080/invoices}. */
@RestController
@RequestMapping("/invoices")
public class InvoiceController {
  private final InvoiceRepository invoices;

  public InvoiceController(InvoiceRepository invoices) {
    this.invoices = invoices;
  }

  /** Every invoice, or a customer's. */
  @GetMapping
  @Transactional(readOnly = true)
  public List<InvoiceView> list(@RequestParam(required = false) String customer) {
    List<Invoice> found = customer == null ? invoices.findAll() : invoices.findByCustomerOrderById(customer);
    return found.stream().map(InvoiceView::of).toList();
  }

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  @Transactional
  public InvoiceView create(@RequestBody NewInvoice invoice) {
    return InvoiceView.of(invoices.save(new Invoice(invoice.customer(), invoice.amountCents())));
  }

  /** What a client sends. */
  public record NewInvoice(String customer, long amountCents) {}

  /** What a client gets. */
  public record InvoiceView(long id, String customer, long amountCents) {
    static InvoiceView of(Invoice invoice) {
      return new InvoiceView(invoice.getId(), invoice.getCustomer(), invoice.getAmountCents());
    }
  }
}
