//! Requests counted per grid cell, for maps zoomed out too far to draw every area.

use async_trait::async_trait;
use porchlight_domain::wire::{GridCell, LatLng};
use sqlx::{Postgres, QueryBuilder, Row};

use super::extent::push_meets_extent;
use super::PgStore;
use crate::db::filters::{push_meets_box, push_status, push_without_findings};
use crate::db::unix_time::to_unix;
use crate::db::{DbError, GridQuery, GridStore};

#[async_trait]
impl GridStore for PgStore {
    async fn grid(&self, query: &GridQuery) -> Result<Vec<GridCell>, DbError> {
        let c = query.cell_deg;
        // Coordinates + 180 / + 90 are never negative; floor, as SQLite's integer cast.
        let mut sql =
            QueryBuilder::<Postgres>::new("SELECT floor(((r.west + r.east) / 2 + 180) / ");
        sql.push_bind(c)
            .push(")::int8 AS gx, floor(((r.south + r.north) / 2 + 90) / ")
            .push_bind(c)
            .push(
                ")::int8 AS gy, count(*) AS n, count(*) FILTER (WHERE x.request_id IS NULL) AS open, \
                 avg((r.west + r.east) / 2) AS lng, avg((r.south + r.north) / 2) AS lat \
                 FROM requests r LEFT JOIN resolutions x ON x.request_id = r.id WHERE ",
            );
        match query.agency_id {
            // One agency's requests come from its index, whatever the box.
            Some(agency_id) => {
                sql.push("r.agency_id = ").push_bind(agency_id);
            }
            // The GiST index also leaves out what was published before `since`.
            None => push_meets_extent(&mut sql, query.bbox, query.since.map(to_unix), None),
        }
        sql.push(" AND ");
        push_meets_box(&mut sql, "r.", query.bbox);
        if let Some(since) = query.since {
            sql.push(" AND r.created_at >= ").push_bind(to_unix(since));
        }
        push_status(&mut sql, query.status);
        if query.agency_id.is_none() {
            // Off the neighbourhood map; on the agency's own.
            push_without_findings(&mut sql);
        }
        sql.push(" GROUP BY gx, gy ORDER BY gy, gx");
        let rows = sql.build().fetch_all(&self.pool).await?;
        rows.iter()
            .map(|row| {
                let gx: i64 = row.try_get("gx")?;
                let gy: i64 = row.try_get("gy")?;
                let cell_west = gx as f64 * c - 180.0;
                let cell_south = gy as f64 * c - 90.0;
                Ok(GridCell {
                    bbox: [cell_west, cell_south, cell_west + c, cell_south + c],
                    center: LatLng {
                        lat: row.try_get("lat")?,
                        lng: row.try_get("lng")?,
                    },
                    count: row.try_get::<i64, _>("n")? as u64,
                    open: row.try_get::<i64, _>("open")? as u64,
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(DbError::from)
    }

    async fn agency_extent(&self, agency_id: i64) -> Result<Option<[f64; 4]>, DbError> {
        let (w, s, e, n): (Option<f64>, Option<f64>, Option<f64>, Option<f64>) = sqlx::query_as(
            "SELECT min(west), min(south), max(east), max(north) FROM requests WHERE agency_id = $1",
        )
        .bind(agency_id)
        .fetch_one(&self.pool)
        .await?;
        Ok(match (w, s, e, n) {
            (Some(w), Some(s), Some(e), Some(n)) => Some([w, s, e, n]),
            _ => None,
        })
    }
}
