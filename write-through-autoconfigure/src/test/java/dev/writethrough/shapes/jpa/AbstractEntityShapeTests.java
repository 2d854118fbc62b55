/*
 * Copyright 2026 the original author or authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

package dev.writethrough.shapes.jpa;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Currency;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import dev.writethrough.WriteThroughCache;
import dev.writethrough.WriteThroughCacheManager;
import dev.writethrough.it.support.TestRedis;
import dev.writethrough.redis.RejectedValueException;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.proxy.HibernateProxy;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Slice;
import org.springframework.data.domain.Sort;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The entity-shape corpus, run once per database: each shape real applications use is
 * saved through {@code @WriteThrough}, read back through {@code @Cacheable} as a cache
 * hit, and its cached copy compared deeply with a fresh load from the database (not with
 * the object that was saved). Then what a cached copy must never do: lose children when
 * saved back, win over a newer version, or be cached when it is lazy or lossy.
 */
@SpringBootTest(properties = { "write-through.key-prefix=wt-shapes-${random.uuid}:", "write-through.default-ttl=10m",
		"spring.jpa.hibernate.ddl-auto=create-drop", "spring.jpa.open-in-view=false", "spring.sql.init.mode=never" })
@ContextConfiguration(classes = ShapesApplication.class)
public abstract class AbstractEntityShapeTests {

	@Autowired
	private WriteThroughCacheManager caches;

	@Autowired
	private EntityManagerFactory entityManagerFactory;

	@Autowired
	private RedisConnectionFactory redis;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private MeterRegistry meters;

	@Autowired
	private OwnerRepository owners;

	@Autowired
	private PetTypeRepository petTypes;

	@Autowired
	private AuthorRepository authors;

	@Autowired
	private AccountRepository accounts;

	@Autowired
	private CustomerRepository customers;

	@Autowired
	private ItemRepository items;

	@Autowired
	private VehicleRepository vehicles;

	@Autowired
	private GarageRepository garages;

	@Autowired
	private PaymentRepository payments;

	@Autowired
	private TicketRepository tickets;

	@Autowired
	private DocumentRepository documents;

	@Autowired
	private StudentRepository students;

	@Autowired
	private CourseRepository courses;

	@Autowired
	private PersonRepository people;

	@Autowired
	private EmployeeRepository employees;

	@Autowired
	private InvoiceRepository invoices;

	@Autowired
	private CatalogueItemRepository catalogue;

	@Autowired
	private LibraryRepository libraries;

	@Autowired
	private AuditRecordRepository auditRecords;

	@Autowired
	private ShelfRepository shelves;

	@Autowired
	private TransactionTemplate transaction;

	@DynamicPropertySource
	static void redis(DynamicPropertyRegistry registry) {
		TestRedis.register(registry);
	}

	@Test
	void petclinicOwnerWithFinalCollectionsNestedChildrenAndASharedType() {
		Owner saved = this.owners.save(petclinicOwner("Franklin"));
		Owner cached = assertCachedCopyEqualsTheDatabase("owners", saved.getId(), this.owners::findById, Owner.class);
		assertThat(cached.getPets()).extracting(Pet::getName).containsExactlyInAnyOrder("Basil", "Leo");
		assertThat(cached.getPets()).allSatisfy((pet) -> assertThat(pet.getVisits()).isNotEmpty());
		assertThat(rawValue("owners", saved.getId())).as("the cached JSON").doesNotContain("org.hibernate");
	}

	@Test
	void bidirectionalOneToManyWithWebReferenceAnnotations() {
		Author author = new Author("Ursula");
		author.addBook(new Book("The Dispossessed", 387));
		author.addBook(new Book("The Lathe of Heaven", 184));
		Author saved = this.authors.save(author);
		Author cached = assertCachedCopyEqualsTheDatabase("authors", saved.getId(), this.authors::findById,
				Author.class);
		assertThat(cached.getBooks()).allSatisfy((book) -> assertThat(book.getAuthor()).isSameAs(cached));
	}

	@Test
	void entityWithoutSettersWithAPrivateConstructorMoneyAndTime() {
		Account saved = this.accounts.save(new Account("DE89-3704", new BigDecimal("1234.50"),
				Currency.getInstance("EUR"), Instant.parse("2026-11-25T10:15:30.123456Z"), LocalDate.of(2030, 1, 31)));
		assertCachedCopyEqualsTheDatabase("accounts", saved.getId(), this.accounts::findById, Account.class);
	}

	@Test
	void embeddablesAsAClassTwiceAndAsARecord() {
		Customer saved = this.customers.save(new Customer("Ada", new Address("1 Main St", "Springfield", "12345"),
				new Address("2 Dock Rd", "Shelbyville", "54321"), new GeoPoint(52.52, 13.405)));
		assertCachedCopyEqualsTheDatabase("customers", saved.getId(), this.customers::findById, Customer.class);
	}

	@Test
	void elementCollectionsOfValuesEmbeddablesAndAMap() {
		Item item = new Item("desk");
		item.getTags().add("office");
		item.getTags().add("oak");
		item.getDimensions().add(new Dimension("width", new BigDecimal("1.600")));
		item.getDimensions().add(new Dimension("depth", new BigDecimal("0.800")));
		item.getAttributes().put("colour", "natural");
		item.getAttributes().put("finish", "oiled");
		Item saved = this.items.save(item);
		assertCachedCopyEqualsTheDatabase("items", saved.getId(), this.items::findById, Item.class);
	}

	@Test
	void singleTableInheritanceKeepsTheConcreteType() {
		Vehicle car = this.vehicles.save(new Car("Volvo", 5));
		Vehicle truck = this.vehicles.save(new Truck("MAN", new BigDecimal("18.5")));
		assertThat(assertCachedCopyEqualsTheDatabase("vehicles", car.getId(), this.vehicles::findById, Vehicle.class))
			.isExactlyInstanceOf(Car.class);
		assertThat(assertCachedCopyEqualsTheDatabase("vehicles", truck.getId(), this.vehicles::findById, Vehicle.class))
			.isExactlyInstanceOf(Truck.class);
	}

	@Test
	void joinedInheritanceKeepsTheConcreteType() {
		Instant paidAt = Instant.parse("2026-11-30T08:00:00Z");
		Payment card = this.payments.save(new CardPayment(new BigDecimal("10.00"), paidAt, "4111-1111"));
		Payment transfer = this.payments.save(new TransferPayment(new BigDecimal("99.99"), paidAt, "DE02-1203"));
		assertThat(assertCachedCopyEqualsTheDatabase("payments", card.getId(), this.payments::findById, Payment.class))
			.isExactlyInstanceOf(CardPayment.class);
		assertThat(
				assertCachedCopyEqualsTheDatabase("payments", transfer.getId(), this.payments::findById, Payment.class))
			.isExactlyInstanceOf(TransferPayment.class);
	}

	@Test
	void aCollectionHoldingSeveralSubclassesOfOneHierarchy() {
		Garage garage = new Garage("North");
		garage.getVehicles().add(new Car("Fiat", 4));
		garage.getVehicles().add(new Truck("Scania", new BigDecimal("24.0")));
		Garage saved = this.garages.save(garage);
		Garage cached = assertCachedCopyEqualsTheDatabase("garages", saved.getId(), this.garages::findById,
				Garage.class);
		assertThat(cached.getVehicles()).hasOnlyElementsOfTypes(Car.class, Truck.class).hasSize(2);
	}

	@Test
	void enumsByNameAndOrdinalUuidPrimitivesAndTimeValues() {
		Ticket saved = this.tickets.save(new Ticket(Ticket.Status.IN_PROGRESS, Ticket.Priority.HIGH,
				UUID.fromString("3f2504e0-4f89-11d3-9a0c-0305e82c3301"), true, 42L,
				LocalDateTime.of(2026, 11, 30, 9, 30, 15, 123_456_000), LocalTime.of(17, 0), Duration.ofMinutes(90)));
		assertCachedCopyEqualsTheDatabase("tickets", saved.getId(), this.tickets::findById, Ticket.class);
	}

	@Test
	void versionBinaryContentAndFieldsAWebApiHides() {
		Document saved = this.documents.save(new Document("Design", "draft, do not share", "ada", "c0ffee",
				"binary\u0000content".getBytes(StandardCharsets.UTF_8)));
		assertCachedCopyEqualsTheDatabase("documents", saved.getId(), this.documents::findById, Document.class);
	}

	@Test
	void bidirectionalManyToMany() {
		Course algebra = this.courses.save(new Course("Algebra"));
		Course physics = this.courses.save(new Course("Physics"));
		Student student = new Student("Emmy");
		student.enrol(algebra);
		student.enrol(physics);
		Student saved = this.students.save(student);
		assertCachedCopyEqualsTheDatabase("students", saved.getId(), this.students::findById, Student.class);
	}

	@Test
	void bidirectionalOneToOne() {
		Person person = new Person("Grace");
		person.issue(new Passport("X1234567", LocalDate.of(2031, 5, 1)));
		Person saved = this.people.save(person);
		assertCachedCopyEqualsTheDatabase("people", saved.getId(), this.people::findById, Person.class);
	}

	@Test
	void selfReferencingHierarchy() {
		Employee manager = new Employee("Barbara");
		manager.addReport(new Employee("Ken"));
		manager.addReport(new Employee("Dennis"));
		Employee saved = this.employees.save(manager);
		assertCachedCopyEqualsTheDatabase("employees", saved.getId(), this.employees::findById, Employee.class);
	}

	@Test
	void orderedListWhoseElementsShareOneReference() {
		CatalogueItem pen = this.catalogue.save(new CatalogueItem("pen", new BigDecimal("1.20")));
		CatalogueItem pad = this.catalogue.save(new CatalogueItem("pad", new BigDecimal("3.40")));
		Invoice invoice = new Invoice("2026-0001");
		invoice.getLines().add(new InvoiceLine(pen, 10));
		invoice.getLines().add(new InvoiceLine(pad, 2));
		invoice.getLines().add(new InvoiceLine(pen, 5));
		Invoice saved = this.invoices.save(invoice);
		assertCachedCopyEqualsTheDatabase("invoices", saved.getId(), this.invoices::findById, Invoice.class);
	}

	@Test
	void recordProjectionOfAFinder() {
		Owner saved = this.owners.save(petclinicOwner("Davis"));
		OwnerSummary filled = this.owners.findSummaryById(saved.getId());
		long hits = cache("owner-summaries").getStatistics().getHits();
		OwnerSummary cached = this.owners.findSummaryById(saved.getId());
		assertThat(cache("owner-summaries").getStatistics().getHits()).as("hits of the second read")
			.isEqualTo(hits + 1);
		assertThat(cached).isEqualTo(filled).isEqualTo(new OwnerSummary(saved.getId(), "Davis", "Madison"));
	}

	@Test
	void lazyCollectionLoadedByAnEntityGraphIsCached() {
		Library library = new Library("Central");
		library.addShelf(new Shelf("A"));
		library.addShelf(new Shelf("B"));
		Library saved = this.libraries.save(library);
		this.libraries.findWithShelvesById(saved.getId());
		Library cached = assertCachedCopyEqualsTheDatabase("libraries-with-shelves", saved.getId(),
				this.libraries::findWithShelvesById, Library.class);
		assertThat(cached.getShelves()).hasSize(2)
			.allSatisfy((shelf) -> assertThat(shelf.getLibrary()).isSameAs(cached));
	}

	@Test
	void pagesAndSlicesAreCachedWholeAndEvictedByASave() {
		this.owners.save(petclinicOwner("Paged"));
		this.owners.save(petclinicOwner("Paged"));
		this.owners.save(petclinicOwner("Paged"));
		PageRequest request = PageRequest.of(0, 2, Sort.by("firstName").descending());
		Page<Owner> page = this.owners.findByLastName("Paged", request);
		long hits = cache("owner-pages").getStatistics().getHits();
		Page<Owner> cachedPage = this.owners.findByLastName("Paged", request);
		assertThat(cache("owner-pages").getStatistics().getHits()).as("hits of the second page read")
			.isEqualTo(hits + 1);
		assertThat(cachedPage.getTotalElements()).isEqualTo(3);
		assertThat(cachedPage.getPageable()).isEqualTo(request);
		assertThat(cachedPage.getSort()).isEqualTo(request.getSort());
		assertThat(cachedPage.getContent()).usingRecursiveFieldByFieldElementComparator()
			.containsExactlyElementsOf(page.getContent());
		Slice<Owner> slice = this.owners.findByCity("Madison", PageRequest.of(0, 1));
		Slice<Owner> cachedSlice = this.owners.findByCity("Madison", PageRequest.of(0, 1));
		assertThat(cachedSlice.hasNext()).isEqualTo(slice.hasNext()).isTrue();
		assertThat(cachedSlice.getContent()).usingRecursiveFieldByFieldElementComparator()
			.containsExactlyElementsOf(slice.getContent());
		this.owners.save(petclinicOwner("Paged"));
		assertThat(this.owners.findByLastName("Paged", request).getTotalElements())
			.as("the total after a save evicted the pages")
			.isEqualTo(4);
		assertThat(cache("owner-pages").getStatistics().getRejectedReads()).isZero();
		assertThat(cache("owner-slices").getStatistics().getRejectedReads()).isZero();
	}

	@Test
	void savingAnOwnerReadFromTheCacheKeepsEveryPetAndVisitInTheDatabase() {
		Owner saved = this.owners.save(petclinicOwner("Black"));
		long hits = cache("owners").getStatistics().getHits();
		Owner fromCache = this.owners.findById(saved.getId()).orElseThrow();
		assertThat(cache("owners").getStatistics().getHits()).as("the owner came from the cache").isEqualTo(hits + 1);
		fromCache.setCity("Monona");
		this.owners.save(fromCache);
		assertThat(this.jdbc.sql("select count(*) from shape_pet where owner_id = ?")
			.param(saved.getId())
			.query(Long.class)
			.single()).as("pets still belonging to the owner in the database").isEqualTo(2);
		assertThat(this.jdbc
			.sql("select count(*) from shape_visit v join shape_pet p on v.pet_id = p.id where p.owner_id = ?")
			.param(saved.getId())
			.query(Long.class)
			.single()).as("visits of the owner's pets in the database").isEqualTo(3);
		assertThat(this.jdbc.sql("select city from shape_owner where id = ?")
			.param(saved.getId())
			.query(String.class)
			.single()).isEqualTo("Monona");
	}

	@Test
	void savingAnAuthorReadFromTheCacheKeepsEveryBookInTheDatabase() {
		Author author = new Author("Octavia");
		author.addBook(new Book("Kindred", 264));
		author.addBook(new Book("Dawn", 248));
		Author saved = this.authors.save(author);
		Author fromCache = this.authors.findById(saved.getId()).orElseThrow();
		fromCache.getBooks().get(0);
		this.authors.save(fromCache);
		assertThat(this.jdbc.sql("select count(*) from shape_book where author_id = ?")
			.param(saved.getId())
			.query(Long.class)
			.single()).as("books still belonging to the author in the database").isEqualTo(2);
	}

	@Test
	void saveOfAStaleCachedCopyWithAVersionFailsWithOptimisticLocking() {
		Document saved = this.documents.save(new Document("Plan", "note", "ada", "beef", new byte[] { 1, 2 }));
		Document first = this.documents.findById(saved.getId()).orElseThrow();
		Document second = this.documents.findById(saved.getId()).orElseThrow();
		first.setTitle("Plan A");
		this.documents.save(first);
		second.setTitle("Plan B");
		assertThatExceptionOfType(ObjectOptimisticLockingFailureException.class)
			.isThrownBy(() -> this.documents.save(second));
		assertThat(this.jdbc.sql("select title from shape_document where id = ?")
			.param(saved.getId())
			.query(String.class)
			.single()).isEqualTo("Plan A");
	}

	@Test
	void anUninitializedLazyCollectionIsRefusedNotCachedAsEmpty() {
		Library library = new Library("Branch");
		library.addShelf(new Shelf("C"));
		Long id = this.libraries.save(library).getId();
		cache("libraries").evict(id);
		double lazyBefore = rejected("libraries", "lazy");
		this.libraries.findById(id);
		assertThat(rawValue("libraries", id)).as("what Redis holds for a lazily loaded library").isNull();
		assertThat(rejected("libraries", "lazy")).isEqualTo(lazyBefore + 1);
		long misses = cache("libraries").getStatistics().getMisses();
		assertThat(this.libraries.findById(id)).isPresent();
		assertThat(cache("libraries").getStatistics().getMisses()).as("the next read went to the database")
			.isEqualTo(misses + 1);
		Library lazy = this.libraries.findById(id).orElseThrow();
		assertThatExceptionOfType(RejectedValueException.class).isThrownBy(() -> cache("libraries").serialize(lazy))
			.withMessageContaining("'shelves'")
			.withMessageContaining("@EntityGraph")
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(RejectedValueException.Reason.LAZY));
	}

	@Test
	void anUninitializedLazyReferenceIsRefusedAndAnInitializedOneIsCachedAsItsEntity() {
		Library library = new Library("Annex");
		library.addShelf(new Shelf("D"));
		Library saved = this.libraries.save(library);
		Long shelfId = saved.getShelves().get(0).getId();
		double lazyBefore = rejected("shelves", "lazy");
		this.shelves.findById(shelfId);
		assertThat(rejected("shelves", "lazy")).as("refusals of a shelf whose library is a proxy")
			.isEqualTo(lazyBefore + 1);
		assertThat(rawValue("shelves", shelfId)).isNull();
		this.transaction.executeWithoutResult((status) -> {
			EntityManager entityManager = org.springframework.orm.jpa.EntityManagerFactoryUtils
				.getTransactionalEntityManager(this.entityManagerFactory);
			Shelf shelf = entityManager.find(Shelf.class, shelfId);
			assertThat(shelf.getLibrary()).as("the library before it is read").isInstanceOf(HibernateProxy.class);
			org.hibernate.Hibernate.initialize(shelf.getLibrary());
			// The library's own shelves are lazy too: loaded, or the shelf is refused
			// again.
			org.hibernate.Hibernate.initialize(shelf.getLibrary().getShelves());
			this.shelves.save(shelf);
		});
		assertThat(rawValue("shelves", shelfId)).as("the cached shelf")
			.isNotNull()
			.doesNotContain("org.hibernate")
			.contains("\"@type\":\"" + Library.class.getName() + "\"");
		long hits = cache("shelves").getStatistics().getHits();
		Shelf cached = this.shelves.findById(shelfId).orElseThrow();
		assertThat(cache("shelves").getStatistics().getHits()).isEqualTo(hits + 1);
		assertThat(cached.getLibrary()).isExactlyInstanceOf(Library.class);
		assertThat(cached.getLibrary().getId()).isEqualTo(saved.getId());
	}

	@Test
	void aTypeThatLosesPrecisionIsRefusedAndReadFromTheDatabase() {
		Timestamp recordedAt = Timestamp.from(Instant.parse("2026-11-30T10:00:00.123456Z"));
		Long id = this.auditRecords.save(new AuditRecord("login", recordedAt)).getId();
		assertThat(rawValue("audit-records", id)).as("what Redis holds for a lossy type").isNull();
		assertThat(rejected("audit-records", "lossy")).isPositive();
		long misses = cache("audit-records").getStatistics().getMisses();
		assertThat(this.auditRecords.findById(id)).isPresent();
		assertThat(cache("audit-records").getStatistics().getMisses()).isEqualTo(misses + 1);
		assertThat(rawValue("audit-records", id)).as("a read does not cache it either").isNull();
	}

	private <T> T assertCachedCopyEqualsTheDatabase(String cacheName, Long id, Function<Long, Optional<T>> finder,
			Class<T> type) {
		long hits = cache(cacheName).getStatistics().getHits();
		T cached = finder.apply(id).orElseThrow();
		assertThat(cache(cacheName).getStatistics().getHits()).as("hits of cache '%s' after the read", cacheName)
			.isEqualTo(hits + 1);
		assertThat(cache(cacheName).getStatistics().getRejectedReads()).as("values cache '%s' refused", cacheName)
			.isZero();
		EntityManager entityManager = this.entityManagerFactory.createEntityManager();
		try {
			T fresh = entityManager.find(type, id);
			assertThat(cached).usingRecursiveComparison().ignoringCollectionOrder().isEqualTo(fresh);
		}
		finally {
			entityManager.close();
		}
		return cached;
	}

	private Owner petclinicOwner(String lastName) {
		PetType cat = this.petTypes.save(new PetType("cat"));
		Owner owner = new Owner("George", lastName, "Madison", "6085551023");
		Pet leo = new Pet("Leo", LocalDate.of(2020, 9, 7), cat);
		leo.getVisits().add(new Visit(LocalDate.of(2026, 1, 1), "rabies shot"));
		leo.getVisits().add(new Visit(LocalDate.of(2026, 2, 1), "neutered"));
		Pet basil = new Pet("Basil", LocalDate.of(2021, 8, 6), cat);
		basil.getVisits().add(new Visit(LocalDate.of(2026, 3, 1), "spayed"));
		owner.addPet(leo);
		owner.addPet(basil);
		return owner;
	}

	private WriteThroughCache cache(String name) {
		WriteThroughCache cache = this.caches.getCache(name);
		assertThat(cache).as("cache '%s'", name).isNotNull();
		return cache;
	}

	private double rejected(String cacheName, String reason) {
		return this.meters.get("writethrough.values.rejected")
			.tag("cache", cacheName)
			.tag("reason", reason)
			.functionCounter()
			.count();
	}

	private String rawValue(String cacheName, Object key) {
		try (RedisConnection connection = this.redis.getConnection()) {
			byte[] bytes = connection.stringCommands().get(cache(cacheName).getKeys().entry(key));
			return (bytes != null) ? new String(bytes, StandardCharsets.UTF_8) : null;
		}
	}

}
