package dev.tenantpool.samples.clinic;

import java.util.List;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The vets of the current tenant, cached as petclinic caches them. The cache key is the
 * application's key generator's: with Spring's default (the method's arguments, here none) every
 * tenant would share one entry and see the first tenant's vets; {@link TenantKeyGenerator} puts
 * the tenant into the key.
 */
@Service
public class VetService {
  private final VetRepository vets;

  public VetService(VetRepository vets) {
    this.vets = vets;
  }

  @Cacheable("vets")
  @Transactional(readOnly = true)
  public List<String> allVets() {
    return vets.findAll().stream().map(Vet::toString).sorted().toList();
  }

  @Transactional
  public Vet hire(String firstName, String lastName) {
    return vets.save(new Vet(firstName, lastName));
  }
}
