import { HEADER_IMAGE_MAX_BYTES, headerImageProblem, headerImageUploadName } from "../header-image"

describe("headerImageProblem", () => {
  it("takes PNG, JPEG, WebP and GIF up to the limit", () => {
    for (const type of ["image/png", "image/jpeg", "image/webp", "image/gif"]) {
      expect(headerImageProblem({ type, size: 1 })).toBeNull()
      expect(headerImageProblem({ type, size: HEADER_IMAGE_MAX_BYTES })).toBeNull()
    }
  })

  it("refuses SVG, other types, no type and names inherited from Object", () => {
    for (const type of ["image/svg+xml", "text/html", "application/pdf", "", "constructor", "__proto__"]) {
      expect(headerImageProblem({ type, size: 10 })).toBe("Choose a PNG, JPEG, WebP, GIF image")
    }
  })

  it("refuses a file one byte over the limit, saying its size", () => {
    expect(headerImageProblem({ type: "image/png", size: HEADER_IMAGE_MAX_BYTES + 1 })).toBe("This image is over the 2 MB limit (2.0 MB)")
    expect(headerImageProblem({ type: "image/jpeg", size: 5 * 1024 * 1024 })).toBe("This image is over the 2 MB limit (5.0 MB)")
  })
})

describe("headerImageUploadName", () => {
  it("names the upload after its checked type, never after the admin's file", () => {
    expect(headerImageUploadName("image/png")).toBe("portal-header.png")
    expect(headerImageUploadName("image/jpeg")).toBe("portal-header.jpg")
    expect(headerImageUploadName("image/webp")).toBe("portal-header.webp")
    expect(headerImageUploadName("image/gif")).toBe("portal-header.gif")
  })
})
