package com.shopfloor.inventory.service;

import com.shopfloor.inventory.config.InventoryProperties;
import com.shopfloor.inventory.dto.ReservationResponse;
import com.shopfloor.inventory.dto.ReserveRequest;
import com.shopfloor.inventory.dto.StockResponse;
import com.shopfloor.inventory.event.LowStockEvent;
import com.shopfloor.inventory.exception.ReservationExpiredException;
import com.shopfloor.inventory.exception.ReservationNotFoundException;
import com.shopfloor.inventory.exception.UnknownSkuException;
import com.shopfloor.inventory.model.Reservation;
import com.shopfloor.inventory.model.ReservationLine;
import com.shopfloor.inventory.model.ReservationStatus;
import com.shopfloor.inventory.model.StockItem;
import com.shopfloor.inventory.repository.ReservationRepository;
import com.shopfloor.inventory.repository.StockRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Reserves, commits and releases stock for orders. */
@Service
public class InventoryService {

    private final StockRepository stockRepository;
    private final ReservationRepository reservationRepository;
    private final InventoryProperties properties;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    public InventoryService(StockRepository stockRepository, ReservationRepository reservationRepository,
            InventoryProperties properties, ApplicationEventPublisher events, Clock clock) {
        this.stockRepository = stockRepository;
        this.reservationRepository = reservationRepository;
        this.properties = properties;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Reserves every line of an order, all or nothing: if one SKU is short, the exception rolls
     * back the reservations already made for the other lines.
     */
    @Transactional
    public ReservationResponse reserve(ReserveRequest request) {
        Instant now = clock.instant();
        Reservation reservation = new Reservation(request.orderId(), now, now.plus(properties.reservationTimeout()));
        for (ReserveRequest.Line line : request.lines()) {
            StockItem item = stockRepository.findBySkuForUpdate(line.sku())
                    .orElseThrow(() -> new UnknownSkuException(line.sku()));
            item.reserve(line.quantity());
            reservation.addLine(item.getSku(), line.quantity(), item.getUnitPrice());
            publishIfLow(item);
        }
        return ReservationResponse.from(reservationRepository.save(reservation));
    }

    /** Converts a held reservation into a stock deduction when its order is paid. */
    @Transactional
    public ReservationResponse commit(Long reservationId) {
        Reservation reservation = load(reservationId);
        if (reservation.isExpiredAt(clock.instant()) || reservation.getStatus() == ReservationStatus.EXPIRED) {
            throw new ReservationExpiredException(reservationId);
        }
        if (!reservation.getStatus().isHeld()) {
            throw new IllegalStateException("Reservation " + reservationId + " is " + reservation.getStatus());
        }
        for (ReservationLine line : reservation.getLines()) {
            lockedItem(line.getSku()).commit(line.getQuantity());
        }
        reservation.markCommitted();
        return ReservationResponse.from(reservation);
    }

    /**
     * Gives the stock of a cancelled order back. A held reservation is un-reserved; a committed
     * one (the order was paid) is put back on hand. Releasing twice does nothing.
     */
    @Transactional
    public ReservationResponse release(Long reservationId) {
        Reservation reservation = load(reservationId);
        switch (reservation.getStatus()) {
            case HELD -> {
                for (ReservationLine line : reservation.getLines()) {
                    lockedItem(line.getSku()).unreserve(line.getQuantity());
                }
            }
            case COMMITTED -> {
                for (ReservationLine line : reservation.getLines()) {
                    lockedItem(line.getSku()).restock(line.getQuantity());
                }
            }
            case RELEASED, EXPIRED -> {
                return ReservationResponse.from(reservation);
            }
        }
        reservation.markReleased();
        return ReservationResponse.from(reservation);
    }

    /** Releases every held reservation whose timeout has passed. Returns how many expired. */
    @Transactional
    public int releaseExpired(Instant now) {
        List<Reservation> expired =
                reservationRepository.findByStatusAndExpiresAtLessThanEqual(ReservationStatus.HELD, now);
        for (Reservation reservation : expired) {
            for (ReservationLine line : reservation.getLines()) {
                lockedItem(line.getSku()).unreserve(line.getQuantity());
            }
            reservation.markExpired();
        }
        return expired.size();
    }

    @Transactional
    public StockResponse restock(String sku, int quantity) {
        StockItem item = lockedItem(sku);
        item.restock(quantity);
        return StockResponse.from(item);
    }

    @Transactional(readOnly = true)
    public StockResponse stockOf(String sku) {
        return stockRepository.findBySku(sku).map(StockResponse::from).orElseThrow(() -> new UnknownSkuException(sku));
    }

    @Transactional(readOnly = true)
    public List<StockResponse> lowStock() {
        return stockRepository.findBelowReorderLevel().stream().map(StockResponse::from).toList();
    }

    private void publishIfLow(StockItem item) {
        if (item.isBelowReorderLevel()) {
            events.publishEvent(new LowStockEvent(item.getSku(), item.available(), item.getReorderLevel()));
        }
    }

    private StockItem lockedItem(String sku) {
        return stockRepository.findBySkuForUpdate(sku).orElseThrow(() -> new UnknownSkuException(sku));
    }

    private Reservation load(Long reservationId) {
        return reservationRepository.findById(reservationId)
                .orElseThrow(() -> new ReservationNotFoundException(reservationId));
    }
}
