package com.shopfloor.inventory.repository;

import com.shopfloor.inventory.model.StockItem;
import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface StockRepository extends JpaRepository<StockItem, Long> {

    Optional<StockItem> findBySku(String sku);

    /** Loads a stock row with a write lock so two orders cannot reserve the same units. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select s from StockItem s where s.sku = :sku")
    Optional<StockItem> findBySkuForUpdate(@Param("sku") String sku);

    @Query("select s from StockItem s where s.onHand - s.reserved < s.reorderLevel order by s.sku")
    List<StockItem> findBelowReorderLevel();
}
