/** The actuator's view of TenantPool: the tenantpool health contributor and the /actuator/tenantpool endpoint. */
package dev.tenantpool.spring.actuate;
